using VUnetStream.Core.Formats;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Tests;

/// <summary>The registry's choice of the pipeline's frame-by-frame pose source.</summary>
public sealed class FramePoseSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-frame-poses").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ForFrames_WithAKeypointFolder_ReadsTheFilesInsteadOfEstimating()
    {
        OpenPoseJson.Write(Path.Combine(_dir, OpenPoseJson.FrameFileName("clip", 0)), [TestPoses.Standing(cx: 50)]);

        using IFramePoseProvider poses = PoseSources.ForFrames(_dir, new PoseEstimatorOptions());

        Assert.IsType<KeypointFileFramePoses>(poses);
        Assert.Equal($"keypoints from {_dir}", poses.Name);
    }

    [Fact]
    public void ForFrames_WithoutAKeypointFolder_EstimatesWithBlazePoseOfTheAskedSize()
    {
        using IFramePoseProvider poses = PoseSources.ForFrames(null, new PoseEstimatorOptions { Model = BlazePoseModel.Lite });

        Assert.IsType<EstimatedFramePoses>(poses);
        Assert.Equal("BlazePose Lite", poses.Name);
    }
}
