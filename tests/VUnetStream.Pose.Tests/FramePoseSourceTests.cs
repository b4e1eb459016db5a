using VUnetStream.Core.Formats;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Tests;

/// <summary>The registry's choice of the pipeline's frame-by-frame pose source (stored keypoints, or the estimator).</summary>
public sealed class FramePoseSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-frame-poses").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OpenStored_WithAKeypointFolder_ReadsTheFilesInsteadOfEstimating()
    {
        OpenPoseJson.Write(Path.Combine(_dir, OpenPoseJson.FrameFileName("clip", 0)), [TestPoses.Standing(cx: 50)]);

        using IPoseSource poses = PoseSources.OpenStored(_dir);

        Assert.IsType<OpenPoseFolderSource>(poses);
        Assert.Equal($"keypoints from {_dir}", poses.Name);
    }

    [Fact]
    public void Estimator_EstimatesWithBlazePoseOfTheAskedSize()
    {
        using IPoseSource poses = PoseSources.Estimator(new PoseEstimatorOptions { Model = BlazePoseModel.Lite });

        Assert.IsType<EstimatedPoseSource>(poses);
        Assert.Equal("BlazePose Lite", poses.Name);
    }
}
