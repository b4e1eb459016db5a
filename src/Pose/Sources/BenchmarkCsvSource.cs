using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Sources;

/// <summary>The poses of a pose-transfer benchmark annotation file, one per image, in file order.</summary>
public sealed class BenchmarkCsvSource : IPoseSource
{
    private readonly IReadOnlyList<(string Name, PersonPose Pose)> _entries;

    public BenchmarkCsvSource(string path)
    {
        Path = path;
        _entries = BenchmarkCsv.Read(path);
    }

    public string Path { get; }

    public int Count => _entries.Count;

    public string Description => $"benchmark CSV {Path} ({_entries.Count} images)";

    public double Fps => 0;

    public IEnumerable<PoseFrame> ReadPoses(CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new PoseFrame(i, _entries[i].Name, _entries[i].Pose);
        }
    }

    public void Dispose()
    {
    }
}
