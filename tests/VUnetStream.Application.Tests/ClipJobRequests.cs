using VUnetStream.Application;
using VUnetStream.Pipeline;
using VUnetStream.Synth.Output;

namespace VUnetStream.Application.Tests;

/// <summary>Jobs on a synthetic clip's video, target photo and ground-truth keypoints, with the tiny model.</summary>
internal static class ClipJobRequests
{
    public static TransferVideoRequest For(string clipDir, string outputPath, string checkpoint) => new()
    {
        VideoPath = Path.Combine(clipDir, ClipGenerator.VideoFile),
        PhotoPath = Path.Combine(clipDir, ClipGenerator.PersonFile),
        PhotoKeypoints = Path.Combine(clipDir, ClipGenerator.PersonKeypointsFile),
        DancerKeypoints = Path.Combine(clipDir, ClipGenerator.KeypointFolder),
        Checkpoint = checkpoint,
        OutputPath = outputPath,
        CalibrationSeconds = 0.2,
        Threads = 1,
    };
}
