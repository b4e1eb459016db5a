using VUnetStream.Tests.Shared;
using OpenCvSharp;
using VUnetStream.Encode;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Jobs;

namespace VUnetStream.Pose.Tests;

/// <summary>
/// <c>vunet pose</c> on a video gets the pipeline's decode checks (issue 11): a truncated video is an error,
/// or with allow-partial a warning with the counts; a variable frame rate is refused as by transfer-video.
/// </summary>
public sealed class PoseJobVideoChecksTests : IDisposable
{
    private const int Frames = 50;
    private static readonly PoseEstimatorOptions Lite = new() { Model = BlazePoseModel.Lite };
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-pose-checks").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TruncatedMp4_FailsNamingBothFrameCountsAndWritesNothing()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string video = await DefectVideos.TruncatedAsync(Path.Combine(_dir, "cut.mp4"), Frames, 25);
        string output = Path.Combine(_dir, "out");

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            PoseJob.RunAsync(new PoseJobOptions { Input = video, Output = output, Estimator = Lite }));

        Assert.Contains("cut.mp4", error.Message, StringComparison.Ordinal);
        Assert.Contains($"of the {Frames} frames", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-partial", error.Message, StringComparison.Ordinal);
        Assert.Equal(["cut.mp4"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task TruncatedMp4WithAllowPartial_WritesTheDecodedFramesAndWarnsWithTheCounts()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string video = await DefectVideos.TruncatedAsync(Path.Combine(_dir, "cut.mp4"), Frames, 25);
        string output = Path.Combine(_dir, "out");
        var notices = new List<string>();

        PoseJobSummary summary = await PoseJob.RunAsync(new PoseJobOptions
        {
            Input = video, Output = output, Estimator = Lite, AllowPartial = true, Notice = notices.Add,
        });

        Assert.InRange(summary.Frames, 1, Frames / 2);
        Assert.Equal(Frames, summary.AnnouncedFrames);
        Assert.Equal(summary.Frames, Directory.GetFiles(summary.KeypointFolder, "*_keypoints.json").Length);
        using (var overlay = new VideoCapture(summary.Overlay))
        {
            Assert.Equal(summary.Frames, overlay.FrameCount);
        }

        string warning = Assert.Single(notices);
        Assert.StartsWith("warning:", warning, StringComparison.Ordinal);
        Assert.Contains($"after {summary.Frames} of the {Frames} frames", warning, StringComparison.Ordinal);
        Assert.Contains($"the output has those {summary.Frames} frames", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeMp4_GivesNoWarningAndAnnouncesItsFrames()
    {
        ModelFiles.Require(BlazePoseModel.Lite);
        string video = await DefectVideos.NoiseAsync(Path.Combine(_dir, "whole.mp4"), 10, 25);
        var notices = new List<string>();

        PoseJobSummary summary = await PoseJob.RunAsync(new PoseJobOptions
        {
            Input = video, Output = Path.Combine(_dir, "out"), Estimator = Lite, Notice = notices.Add,
        });

        Assert.Equal(10, summary.Frames);
        Assert.Equal(10, summary.AnnouncedFrames);
        Assert.Empty(notices);
    }

    [Fact]
    public async Task VariableFrameRateVideo_IsRefusedWithTransferVideosMessageBeforeAnyWork()
    {
        string video = await DefectVideos.VariableRateAsync(Path.Combine(_dir, "vfr.mp4"));
        string output = Path.Combine(_dir, "out");

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            PoseJob.RunAsync(new PoseJobOptions { Input = video, Output = output, Estimator = Lite }));

        Assert.Contains("variable frame rate", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"frame \d+ is shown at [0-9.]+ s, .* would show it at [0-9.]+ s", error.Message);
        Assert.Contains("-vf fps=", error.Message, StringComparison.Ordinal);
        // Word for word what transfer-video says for the same file (both refuse through FrameTiming).
        using (VideoSource source = VideoSource.Open(video))
        {
            FrameTimingDrift drift = Assert.IsType<FrameTimingDrift>(FrameTiming.FindDrift(video, source.Info.Fps));
            Assert.Equal(FrameTiming.Describe(video, source.Info.Fps, drift), error.Message);
        }

        Assert.False(Directory.Exists(output));
    }
}
