using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Encode;
using VUnetStream.Pipeline.Frames;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Sinks;
using VUnetStream.Pipeline.Threading;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Jobs;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pipeline.Tests;

/// <summary>
/// The pose command and the engine run one pose source and one refine loop (issue 11), so for the same clip
/// and filter they refine to the same poses: the pose command's keypoints (frame pixels), fitted into the model
/// square, are the engine's model poses in every frame where it found a person (elsewhere it holds the last one).
/// </summary>
public sealed class PoseCommandAndPipelineTests : IDisposable
{
    private const int ModelSize = 64;
    private const double Fps = 10;
    private const string PersonPhoto = "/usr/share/darknet/data/person.jpg";
    private static readonly PoseEstimatorOptions Lite = new() { Model = BlazePoseModel.Lite };
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-pose-vs-engine").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(SmoothingKind.OneEuro)]
    [InlineData(SmoothingKind.Median)]
    public async Task PoseCommandAndEngine_OnTheSameClip_RefineToTheSamePoses(SmoothingKind smoothing)
    {
        if (!BlazePoseModelFiles.IsInstalled(BlazePoseModel.Lite) || !File.Exists(PersonPhoto))
        {
            Assert.Fail($"needs BlazePose lite and {PersonPhoto}; run ./scripts/setup.sh");
        }

        const int frames = 12;
        string video = await PanningVideoAsync(frames);
        var filter = new TemporalFilterOptions { Smoothing = smoothing };

        PoseJobSummary job = await PoseJob.RunAsync(new PoseJobOptions { Input = video, Output = Path.Combine(_dir, "pose"), Estimator = Lite, Filter = filter });
        List<(int Index, PersonPose Model, bool Found)> engine = await EnginePosesAsync(video, filter);

        Assert.Equal(frames, job.Frames);
        Assert.Equal(Enumerable.Range(0, frames), engine.Select(e => e.Index));
        Assert.True(engine.Count(e => e.Found) >= frames / 2, "the person must be found in most frames for the comparison to mean something");
        float scale = (float)ModelSize / 320, dy = (ModelSize - 240 * scale) / 2;
        foreach ((int index, PersonPose model, bool found) in engine.Where(e => e.Found))
        {
            PersonPose written = PersonChoice.Main(OpenPoseJson.Read(Path.Combine(job.KeypointFolder, OpenPoseJson.FrameFileName("pan", index))));
            PersonPose expected = written.Transform(scale, 0, dy);
            for (int j = 0; j < Coco18Skeleton.JointCount; j++)
            {
                Assert.Equal(expected[j].IsPresent, model[j].IsPresent);
                if (model[j].IsPresent)
                {
                    // The pose command's JSON is rounded to 0.001 px; in the 64 px square that is well under 0.01.
                    Assert.Equal(expected[j].X, model[j].X, 0.01f);
                    Assert.Equal(expected[j].Y, model[j].Y, 0.01f);
                }
            }
        }
    }

    /// <summary>The engine on <paramref name="video"/> with the estimator and no retargeting; each frame's model pose as it reached the outputs.</summary>
    private async Task<List<(int Index, PersonPose Model, bool Found)>> EnginePosesAsync(string video, TemporalFilterOptions filter)
    {
        var options = new MotionTransferOptions
        {
            VideoPath = video,
            OutputPath = Path.Combine(_dir, "engine.mp4"),
            EncoderPreset = "ultrafast",
            EncoderPriority = EncoderPriority.Low,
            OutputHeight = ModelSize,
        };
        var capture = new ModelPoseSink();
        using var inference = new InferenceThread("test-inference");
        using var renderer = new StickmanEchoRenderer(ModelSize);
        using var metrics = new PipelineMetrics();
        using IPoseSource poses = PoseSources.Open(video, Lite);
        var refiner = new StreamingPoseRefiner(filter, Fps, RetargetMode.Off, null, 320, 240, ModelSize, calibrationFrames: 1, maxCalibrationFrames: 1);
        var components = new PipelineComponents(poses, refiner, p => new Mat(ModelSize, ModelSize, MatType.CV_8UC3, Scalar.Black), renderer, inference)
        {
            ExtraSinks = [capture],
        };

        await MotionTransferPipeline.RunAsync(options, components, metrics);
        return capture.Poses;
    }

    // A 320×240 view sliding right across person.jpg (as in the Pose tests): the person is centred first, then leaves on the left.
    private async Task<string> PanningVideoAsync(int frames)
    {
        using Mat photo = Cv2.ImRead(PersonPhoto, ImreadModes.Color);
        string path = Path.Combine(_dir, "pan.mp4");
        await using FfmpegVideoWriter writer = FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = 320, Height = 240, Fps = Fps });
        for (int i = 0; i < frames; i++)
        {
            int x = 70 + i * (250 / (frames - 1));
            using var view = new Mat(photo, new Rect(x, 100, 320, 300));
            using var small = view.Resize(new Size(320, 240));
            small.GetArray(out Vec3b[] pixels);
            await writer.WriteFrameAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray());
        }

        await writer.CompleteAsync();
        return path;
    }

    /// <summary>Records each frame's model pose and whether a person was found, as the engine hands frames to its outputs.</summary>
    private sealed class ModelPoseSink : IFrameSink
    {
        public List<(int Index, PersonPose Model, bool Found)> Poses { get; } = [];

        public ValueTask WriteAsync(Mat output, RenderedFrame frame, CancellationToken cancellationToken)
        {
            Poses.Add((frame.Index, frame.Posed.ModelPose, frame.Posed.PersonFound));
            return ValueTask.CompletedTask;
        }

        public Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
