using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Encode;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pipeline.Threading;
using VUnetStream.Pose.Refining;

namespace VUnetStream.Pipeline.Tests;

public sealed class MotionTransferPipelineTests : IDisposable
{
    private const int Size = 128;
    private const int ModelSize = 64;

    // The engine has no encoder defaults of its own; these are the job's (TransferVideoRequest's).
    private const string Preset = "ultrafast";
    private const EncoderPriority Priority = EncoderPriority.Low;
    private const double Fps = 12;
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Mat DrawSimpleStickman(PersonPose pose)
    {
        var image = new Mat(ModelSize, ModelSize, MatType.CV_8UC3, Scalar.Black);
        foreach ((Coco18 a, Coco18 b) in Coco18Skeleton.Bones)
        {
            if (pose[a].IsPresent && pose[b].IsPresent)
            {
                image.Line((int)pose[a].X, (int)pose[a].Y, (int)pose[b].X, (int)pose[b].Y, Scalar.White, 2);
            }
        }

        return image;
    }

    private static PipelineComponents Components(IFrameRenderer renderer, InferenceThread inference, Func<int, PersonPose>? poses = null) =>
        new(new KnownPoses(poses ?? (i => TestClips.PoseAt(i, Size))),
            new ImmediatePoseRefiner(p => p.Scale((float)ModelSize / Size, (float)ModelSize / Size)),
            DrawSimpleStickman,
            renderer,
            inference);

    private async Task<string> ClipAsync(int frames, bool audio = false)
    {
        string path = Path.Combine(_dir, audio ? "dancer-audio.mp4" : "dancer.mp4");
        await TestClips.WriteClipAsync(path, frames, Size, Fps, audio);
        return path;
    }

    [Fact]
    public async Task Run_OnAShortClipWithAudio_WritesEveryFrameInOrderAtTheSourceFpsWithAudio()
    {
        string clip = await ClipAsync(30, audio: true);
        string output = Path.Combine(_dir, "out", "result.mp4");
        using var inference = new InferenceThread("test-inference");
        using var renderer = new StickmanEchoRenderer(ModelSize);
        using var metrics = new PipelineMetrics();
        var options = new MotionTransferOptions
        {
            VideoPath = clip,
            OutputPath = output,
            EncoderPreset = Preset,
            EncoderPriority = Priority,
            BatchSize = 4,
            ChannelCapacity = 3,
            Layout = OutputLayout.SideBySide,
            OutputHeight = Size,
            KeypointsFolder = Path.Combine(_dir, "out", "keypoints"),
        };

        JobSummary summary = await MotionTransferPipeline.RunAsync(options, Components(renderer, inference), metrics);

        MediaInfo info = MediaProbe.Probe(output);
        Assert.Equal(30, summary.Frames);
        Assert.Equal(30, info.FrameCount);
        Assert.Equal(Fps, info.Fps, 2);
        Assert.Equal(30 / Fps, info.DurationSeconds, 1);
        Assert.True(info.HasAudio, "the dancer's audio track should be copied");
        Assert.Equal("h264", info.VideoCodec);
        Assert.Equal("yuv420p", info.PixelFormat);
        Assert.Equal(3 * Size, info.Width);

        // The dancer panel (left) keeps the stamped frame index: frames must come out in order.
        List<int> indices = TestClips.ReadFrames(output, frame => TestClips.ReadIndex(frame));
        Assert.Equal(Enumerable.Range(0, 30), indices);

        Assert.True(renderer.UsedOneThread, "all model calls must run on the one inference thread");
        Assert.All(renderer.BatchSizes, b => Assert.InRange(b, 1, 4));
        Assert.Equal(30, Directory.GetFiles(options.KeypointsFolder).Length);
        PersonPose firstPose = OpenPoseJson.Read(Path.Combine(options.KeypointsFolder, OpenPoseJson.FrameFileName("dancer", 0)))[0];
        Assert.Equal(TestClips.PoseAt(0, Size)[Coco18.Neck].X, firstPose[Coco18.Neck].X, 2);
        Assert.Equal(30, summary.Stages["render"].Frames);

        // Every stage reports its own busy time, decode included, so the summary can name the bottleneck.
        Assert.All(new[] { "decode", "pose", "render", "encode" }, stage => Assert.True(summary.Stages[stage].Busy > TimeSpan.Zero, $"{stage} has no busy time"));
        Assert.Equal(30, summary.Stages["decode"].Frames);
    }

    [Fact]
    public async Task Run_WithoutAudioInTheSource_WritesAVideoWithoutAudio()
    {
        string clip = await ClipAsync(6);
        string output = Path.Combine(_dir, "silent.mp4");
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();

        await MotionTransferPipeline.RunAsync(new MotionTransferOptions { VideoPath = clip, OutputPath = output, EncoderPreset = Preset, EncoderPriority = Priority, OutputHeight = ModelSize },
            Components(new StickmanEchoRenderer(ModelSize), inference), metrics);

        MediaInfo info = MediaProbe.Probe(output);
        Assert.False(info.HasAudio);
        Assert.Equal(6, info.FrameCount);
    }

    [Fact]
    public async Task Run_WhenTheRendererFails_ReportsItsErrorAndLeavesNoOutputOrFfmpeg()
    {
        string clip = await ClipAsync(24);
        string output = Path.Combine(_dir, "failed.mp4");
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        var options = new MotionTransferOptions { VideoPath = clip, OutputPath = output, EncoderPreset = Preset, EncoderPriority = Priority, BatchSize = 2, OutputHeight = ModelSize, KeypointsFolder = Path.Combine(_dir, "kp") };

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MotionTransferPipeline.RunAsync(options, Components(new StickmanEchoRenderer(ModelSize, failAtCall: 3), inference), metrics));

        Assert.Contains("renderer failed on purpose", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(Directory.Exists(options.KeypointsFolder));
        Assert.Equal(["dancer.mp4"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.Equal(0, TestClips.CountFfmpegProcesses(output));
    }

    [Fact]
    public async Task Run_WhenCancelledMidway_StopsPromptlyAndLeavesNoOutput()
    {
        string clip = await ClipAsync(60);
        string output = Path.Combine(_dir, "cancelled.mp4");
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        using var cancel = new CancellationTokenSource();
        var renderer = new StickmanEchoRenderer(ModelSize, delay: TimeSpan.FromMilliseconds(30));
        var options = new MotionTransferOptions { VideoPath = clip, OutputPath = output, EncoderPreset = Preset, EncoderPriority = Priority, BatchSize = 2, OutputHeight = ModelSize };

        Task run = MotionTransferPipeline.RunAsync(options, Components(renderer, inference), metrics,
            progress: (written, _) =>
            {
                if (written == 5)
                {
                    cancel.Cancel();
                }
            },
            cancellationToken: cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(renderer.Calls < 30, $"rendering went on after cancellation ({renderer.Calls} batches)");
        Assert.False(File.Exists(output));
        Assert.Equal(["dancer.mp4"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.Equal(0, TestClips.CountFfmpegProcesses(output));
    }

    [Fact]
    public async Task Run_WhenTheDancerIsFoundOnlyFromFrameThree_TheFirstFramesTakeTheFirstPose()
    {
        string clip = await ClipAsync(10);
        string output = Path.Combine(_dir, "late.mp4");
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        Func<int, PersonPose> poses = i => i < 3 ? PersonPose.Empty() : TestClips.PoseAt(i, Size);

        JobSummary summary = await MotionTransferPipeline.RunAsync(
            new MotionTransferOptions { VideoPath = clip, OutputPath = output, EncoderPreset = Preset, EncoderPriority = Priority, OutputHeight = ModelSize },
            Components(new StickmanEchoRenderer(ModelSize), inference, poses), metrics);

        Assert.Equal(10, summary.Frames);
        Assert.Equal(3, summary.FramesWithoutPerson);
        List<Mat> frames = TestClips.ReadFrames(output, f => f.Clone());
        try
        {
            Assert.Equal(10, frames.Count);
            // Frame 0 shows frame 3's pose, not an empty stickman: closer to frame 3 than to a blank frame.
            using Mat blank = new(frames[0].Size(), frames[0].Type(), Scalar.Black);
            Assert.True(Cv2.Norm(frames[0], frames[3], NormTypes.L1) < Cv2.Norm(frames[0], blank, NormTypes.L1) / 4);
            Assert.True(Cv2.Norm(frames[0], frames[3], NormTypes.L1) < Cv2.Norm(frames[3], frames[9], NormTypes.L1));
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Run_WhenTheDancerLeavesTheFrame_KeepsEveryFrameAndCountsThemAsWithoutPerson()
    {
        string clip = await ClipAsync(12);
        string output = Path.Combine(_dir, "gap.mp4");
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        Func<int, PersonPose> poses = i => i is >= 4 and < 7 ? PersonPose.Empty() : TestClips.PoseAt(i, Size);

        JobSummary summary = await MotionTransferPipeline.RunAsync(
            new MotionTransferOptions { VideoPath = clip, OutputPath = output, EncoderPreset = Preset, EncoderPriority = Priority, OutputHeight = ModelSize },
            Components(new StickmanEchoRenderer(ModelSize), inference, poses), metrics);

        Assert.Equal(12, summary.Frames);
        Assert.Equal(3, summary.FramesWithoutPerson);
        Assert.Equal(12, MediaProbe.Probe(output).FrameCount);

        // Frames without a person hold the last pose: frame 4..6 look like frame 3.
        List<Mat> frames = TestClips.ReadFrames(output, f => f.Clone());
        try
        {
            Assert.True(Cv2.Norm(frames[3], frames[5], NormTypes.L1) < Cv2.Norm(frames[3], frames[8], NormTypes.L1));
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Run_WithASlowRenderer_KeepsTheNumberOfFramesInFlightBounded()
    {
        string clip = await ClipAsync(40);
        string output = Path.Combine(_dir, "bounded.mp4");
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        int decodedAhead = 0, maxAhead = 0;
        var renderer = new StickmanEchoRenderer(ModelSize, delay: TimeSpan.FromMilliseconds(15));
        Func<int, PersonPose> poses = i =>
        {
            maxAhead = Math.Max(maxAhead, i - Volatile.Read(ref decodedAhead));
            return TestClips.PoseAt(i, Size);
        };

        await MotionTransferPipeline.RunAsync(
            new MotionTransferOptions { VideoPath = clip, OutputPath = output, EncoderPreset = Preset, EncoderPriority = Priority, OutputHeight = ModelSize, BatchSize = 2, ChannelCapacity = 2 },
            Components(renderer, inference, poses), metrics,
            progress: (written, _) => Volatile.Write(ref decodedAhead, written));

        // Pose may run ahead of the encoder only by what the channels and one batch hold.
        Assert.InRange(maxAhead, 1, 2 + 2 + 2 + 2);
        Assert.Equal(40, MediaProbe.Probe(output).FrameCount);
    }

    [Fact]
    public async Task Run_OnAMissingVideo_NamesTheFile()
    {
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        string missing = Path.Combine(_dir, "nope.mp4");

        FileNotFoundException error = await Assert.ThrowsAsync<FileNotFoundException>(() => MotionTransferPipeline.RunAsync(
            new MotionTransferOptions { VideoPath = missing, OutputPath = Path.Combine(_dir, "o.mp4"), EncoderPreset = Preset, EncoderPriority = Priority },
            Components(new StickmanEchoRenderer(ModelSize), inference), metrics));
        Assert.Contains("nope.mp4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is not a video at all")]
    public async Task Run_OnAnEmptyOrCorruptVideo_SaysItCannotBeDecoded(string content)
    {
        string bad = Path.Combine(_dir, "bad.mp4");
        File.WriteAllText(bad, content);
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        string output = Path.Combine(_dir, "o.mp4");

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => MotionTransferPipeline.RunAsync(
            new MotionTransferOptions { VideoPath = bad, OutputPath = output, EncoderPreset = Preset, EncoderPriority = Priority },
            Components(new StickmanEchoRenderer(ModelSize), inference), metrics));
        Assert.Contains("bad.mp4", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Run_WithAnUnwritableOutputFolder_FailsBeforeRendering()
    {
        string clip = await ClipAsync(4);
        string blocker = Path.Combine(_dir, "file-not-folder");
        File.WriteAllText(blocker, "x");
        using var inference = new InferenceThread("test-inference");
        using var metrics = new PipelineMetrics();
        var renderer = new StickmanEchoRenderer(ModelSize);

        await Assert.ThrowsAsync<IOException>(() => MotionTransferPipeline.RunAsync(
            new MotionTransferOptions { VideoPath = clip, OutputPath = Path.Combine(blocker, "out.mp4"), EncoderPreset = Preset, EncoderPriority = Priority },
            Components(renderer, inference), metrics));
        Assert.Equal(0, renderer.Calls);
    }
}
