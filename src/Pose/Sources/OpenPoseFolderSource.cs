using VUnetStream.Core.Formats;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// A folder of OpenPose per-frame JSON files (COCO-18 or BODY_25), one per frame in file-name order, which
/// is frame order for OpenPose's zero-padded names and for the ground truth `vunet synth clip` writes. When
/// a file holds several people the main one is followed (<see cref="PersonChoice"/>).
/// </summary>
internal sealed class OpenPoseFolderSource : StoredPoseSource
{
    private readonly string[] _files;

    public OpenPoseFolderSource(string folder)
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
    }

    public string Folder { get; }

    public override string Name => $"keypoints from {Folder}";

    public override int Count => _files.Length;

    public override PoseFrame PoseAt(int index) =>
        new(index, Path.GetFileName(_files[index]), PersonChoice.Main(OpenPoseJson.Read(_files[index])));
}
