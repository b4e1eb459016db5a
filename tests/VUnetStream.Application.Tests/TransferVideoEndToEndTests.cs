using VUnetStream.Tests.Shared;
using OpenCvSharp;
using VUnetStream.Application;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pipeline.Tests;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using VUnetStream.Synth.Output;
using VUnetStream.Synth.Stamp;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Application.Tests;

/// <summary>The whole job as `vunet transfer-video` runs it: synthetic clip + target photo + a real (tiny) VUNet.</summary>
public sealed class TransferVideoEndToEndTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-e2e-job-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TransferVideo_OnAStampedSyntheticClip_WritesOneFramePerInputFrameInOrderAtTheSourceFps()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 1.5, Size = 128, Fps = 10, StampIndex = true, Seed = 4 });
        TransferVideoRequest request = ClipRequest(clipDir, "result.mp4") with
        {
            Layout = OutputLayout.SideBySide,
            OutputHeight = 128,
            BatchSize = 4,
            CalibrationSeconds = 0.5,
            Threads = 1,
        };
        using var metrics = new PipelineMetrics();

        JobSummary summary = await TransferVideoJob.RunAsync(request, metrics);

        MediaInfo info = MediaProbe.Probe(request.OutputPath);
        Assert.Equal(clip.Frames, summary.Frames);
        Assert.Equal(clip.Frames, info.FrameCount);
        Assert.Equal(10, info.Fps, 2);
        Assert.Equal(clip.Frames / 10.0, info.DurationSeconds, 1);
        Assert.False(info.HasAudio);
        List<int> order = TestClips.ReadFrames(request.OutputPath, frame =>
        {
            using Mat dancerPanel = frame[new Rect(0, 0, 128, 128)];
            return FrameIndexStamp.TryRead(dancerPanel.Clone(), out int index) ? index : -1;
        });
        Assert.Equal(Enumerable.Range(0, clip.Frames), order);
    }

    [Fact]
    public async Task TransferVideo_WithAPhotoWithoutAPerson_FailsBeforeRenderingAndWritesNothing()
    {
        string clipDir = Path.Combine(_dir, "clip");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 2 });
        string emptyKeypoints = Path.Combine(_dir, "nobody.json");
        File.WriteAllText(emptyKeypoints, "{\"version\":1.3,\"people\":[]}");
        TransferVideoRequest request = ClipRequest(clipDir, "never.mp4") with { PhotoKeypoints = emptyKeypoints };
        using var metrics = new PipelineMetrics();

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => TransferVideoJob.RunAsync(request, metrics));

        Assert.Contains("no person", error.Message, StringComparison.Ordinal);
        Assert.Contains(ClipGenerator.PersonFile, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(request.OutputPath));
        Assert.Empty(metrics.Snapshot());
    }

    [Fact]
    public async Task TransferVideo_WithoutAnOutputSize_WritesFourTimesTheModelSquareButAtLeast256Pixels()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 6 });
        TransferVideoRequest request = ClipRequest(clipDir, "auto-size.mp4") with
        {
            CalibrationSeconds = 0.2,
            Threads = 1,
        };
        using var metrics = new PipelineMetrics();

        await TransferVideoJob.RunAsync(request, metrics);

        // The tiny model renders 32²: 4× is 128, below the 256-pixel floor.
        MediaInfo info = MediaProbe.Probe(request.OutputPath);
        Assert.Equal(256, info.Width);
        Assert.Equal(256, info.Height);
        Assert.Equal(clip.Frames, info.FrameCount);
    }

    [Fact]
    public async Task TransferVideo_WithAnUnknownEncoderPreset_FailsBeforeLoadingAnythingAndNamesThePresets()
    {
        string clipDir = Path.Combine(_dir, "clip");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 2 });
        var request = new TransferVideoRequest
        {
            VideoPath = Path.Combine(clipDir, ClipGenerator.VideoFile),
            PhotoPath = Path.Combine(clipDir, ClipGenerator.PersonFile),
            Checkpoint = Path.Combine(_dir, "no-such-checkpoint"),
            OutputPath = Path.Combine(_dir, "never.mp4"),
            EncoderPreset = "warp-speed",
        };
        using var metrics = new PipelineMetrics();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => TransferVideoJob.RunAsync(request, metrics));

        Assert.Contains("'warp-speed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ultrafast", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(request.OutputPath));
    }

    /// <summary>A job on a synthetic clip's video, target photo and ground-truth keypoints, with the tiny model.</summary>
    private TransferVideoRequest ClipRequest(string clipDir, string outputName) =>
        ClipJobRequests.For(clipDir, Path.Combine(_dir, outputName), model.CheckpointPath) with { CalibrationSeconds = 2, Threads = 0 };

    [Theory]
    [InlineData(16, 256)]
    [InlineData(64, 256)]
    [InlineData(128, 512)]
    [InlineData(256, 1024)]
    [InlineData(512, 1024)]
    public void AutoOutputHeight_IsFourTimesTheModelSquareBetween256And1024(int modelSize, int expected) =>
        Assert.Equal(expected, TransferVideoRequest.AutoOutputHeight(modelSize));
}
