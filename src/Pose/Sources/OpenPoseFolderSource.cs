using VUnetStream.Core.Formats;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// A folder of OpenPose per-frame JSON files (COCO-18 or BODY_25), read in file-name order, which is
/// frame order for OpenPose's zero-padded names and for the synthetic generator's ground truth.
/// </summary>
public sealed class OpenPoseFolderSource : IPoseSource
{
    private readonly string[] _files;

    public OpenPoseFolderSource(string folder, double fps = 0)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"keypoint folder '{folder}' not found");
        }

        _files = Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray();
        if (_files.Length == 0)
        {
            throw new InvalidDataException($"keypoint folder '{folder}' has no OpenPose .json files");
        }

        Folder = folder;
        Fps = fps;
    }

    public string Folder { get; }

    public int Count => _files.Length;

    public string Description => $"OpenPose JSON folder {Folder} ({_files.Length} files)";

    public double Fps { get; }

    public IEnumerable<PoseFrame> ReadPoses(CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < _files.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new PoseFrame(i, Path.GetFileName(_files[i]), PersonChoice.Main(OpenPoseJson.Read(_files[i])));
        }
    }

    public void Dispose()
    {
    }
}
