using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Sources;

/// <summary>The poses of a pose-transfer benchmark annotation file, one per image, in file order (row i is frame i).</summary>
internal sealed class BenchmarkCsvSource : StoredPoseSource
{
    private readonly IReadOnlyList<(string Name, PersonPose Pose)> _entries;

    public BenchmarkCsvSource(string path)
    {
        Path = path;
        _entries = BenchmarkCsv.Read(path);
    }

    public string Path { get; }

    public override string Name => $"benchmark CSV {Path} ({_entries.Count} images)";

    public override int Count => _entries.Count;

    public override PoseFrame PoseAt(int index) => new(index, _entries[index].Name, _entries[index].Pose);
}
