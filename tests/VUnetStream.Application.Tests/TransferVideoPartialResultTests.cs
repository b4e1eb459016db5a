using VUnetStream.Tests.Shared;
using VUnetStream.Application;
using VUnetStream.Core.Formats;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Tests;
using VUnetStream.Synth.Output;

namespace VUnetStream.Application.Tests;

/// <summary>Results that would look complete but are not fail, or say so (issue 10), with the tiny model.</summary>
public sealed class TransferVideoPartialResultTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-partial-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TransferVideo_OnATruncatedMp4_FailsNamingBothFrameCountsAndWritesNothing()
    {
        (TransferVideoRequest request, int frames) = await TruncatedClipRequestAsync();

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => TransferVideoJob.RunAsync(request, new PipelineMetrics()));

        Assert.Contains($"of the {frames} frames", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-partial", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(request.OutputPath));
        Assert.Equal(["clip"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task TransferVideo_OnATruncatedMp4WithAllowPartial_WritesTheDecodedFramesAndWarnsWithTheCounts()
    {
        (TransferVideoRequest request, int frames) = await TruncatedClipRequestAsync();
        var notices = new List<string>();

        JobSummary summary = await TransferVideoJob.RunAsync(request with { AllowPartial = true }, new PipelineMetrics(), notice: notices.Add);

        Assert.InRange(summary.Frames, 1, frames / 2);
        Assert.Equal(frames, summary.AnnouncedFrames);
        Assert.Equal(summary.Frames, MediaProbe.Probe(request.OutputPath).FrameCount);
        Assert.Contains(notices, n => n.StartsWith("warning:", StringComparison.Ordinal) && n.Contains($"after {summary.Frames} of the {frames} frames", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TransferVideo_WhenNoFrameShowsAPerson_FailsWithThatReasonAndWritesNothing()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 8 });
        string nobody = Path.Combine(_dir, "nobody");
        Directory.CreateDirectory(nobody);
        for (int i = 0; i < clip.Frames; i++)
        {
            OpenPoseJson.Write(Path.Combine(nobody, $"{i:D6}_keypoints.json"), []);
        }

        TransferVideoRequest request = ClipJobRequests.For(clipDir, Path.Combine(_dir, "empty-stage.mp4"), model.CheckpointPath) with
        {
            DancerKeypoints = nobody,
            KeypointsOut = Path.Combine(_dir, "kp"),
        };

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => TransferVideoJob.RunAsync(request, new PipelineMetrics()));

        Assert.Contains($"no person was found in any of the {clip.Frames} frames", error.Message, StringComparison.Ordinal);
        Assert.Equal(["clip", "nobody"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TransferVideo_OnAVariableFrameRateVideo_IsRefusedBeforeRenderingWithTheConversionCommand()
    {
        string clipDir = Path.Combine(_dir, "clip");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 1, Size = 64, Fps = 25, Seed = 8 });
        string vfr = Path.Combine(_dir, "vfr.mp4");

        // Frames 0-9 every 40 ms, then every 80 ms: frame 10 is shown at 0.80 s, not 0.40 s.
        DefectVideos.VariableRate(Path.Combine(clipDir, ClipGenerator.VideoFile), vfr);
        TransferVideoRequest request = ClipJobRequests.For(clipDir, Path.Combine(_dir, "out.mp4"), model.CheckpointPath) with { VideoPath = vfr };
        using var metrics = new PipelineMetrics();

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => TransferVideoJob.RunAsync(request, metrics));

        Assert.Contains("variable frame rate", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"frame \d+ is shown at [0-9.]+ s, .* would show it at [0-9.]+ s", error.Message);
        Assert.Contains("-vf fps=", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(request.OutputPath));
        Assert.Empty(metrics.Snapshot());
    }

    [Fact]
    public async Task FrameTiming_OnAConstantRateClip_FindsNoDrift()
    {
        string clipDir = Path.Combine(_dir, "clip");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 2, Size = 64, Fps = 25, Seed = 8 });

        Assert.Null(FrameTiming.FindDrift(Path.Combine(clipDir, ClipGenerator.VideoFile), 25));
    }

    /// <summary>A 2 s synthetic clip whose MP4 is truncated (DefectVideos.Truncate) (its index is at the front: it still opens).</summary>
    private async Task<(TransferVideoRequest Request, int Frames)> TruncatedClipRequestAsync()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 2, Size = 64, Fps = 25, Seed = 8 });
        string video = Path.Combine(clipDir, ClipGenerator.VideoFile);
        DefectVideos.Truncate(video);
        return (ClipJobRequests.For(clipDir, Path.Combine(_dir, "out.mp4"), model.CheckpointPath), clip.Frames);
    }
}
