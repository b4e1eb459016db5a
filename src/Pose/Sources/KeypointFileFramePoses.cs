using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// Dancer poses read from a folder of OpenPose JSON files, one per frame in name order (for example the
/// ground truth `vunet synth clip` writes, or OpenPose run by the user). A frame past the last file has
/// no person.
/// </summary>
public sealed class KeypointFileFramePoses : IFramePoseProvider
{
    private readonly string[] _files;

    public KeypointFileFramePoses(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"keypoint folder '{folder}' not found");
        }

        _files = Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (_files.Length == 0)
        {
            throw new InvalidDataException($"keypoint folder '{folder}' has no OpenPose .json files");
        }

        Name = $"keypoints from {folder}";
    }

    public string Name { get; }

    public PersonPose PoseOf(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Index < _files.Length ? PersonChoice.Main(OpenPoseJson.Read(_files[frame.Index])) : PersonPose.Empty();
    }

    public void Dispose()
    {
    }
}
