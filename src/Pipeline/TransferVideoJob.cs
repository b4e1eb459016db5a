using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.IO;
using VUnetStream.Core.Keypoints;
using VUnetStream.Encode;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Poses;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pipeline.Threading;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Sources;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using VUnetStream.Render.Training;
using TorchDevice = TorchSharp.torch.Device;

namespace VUnetStream.Pipeline;

/// <summary>
/// Builds and runs one motion-transfer job: checks the inputs, loads the model, encodes the target
/// person's appearance once, then streams the video through the pipeline. Everything that can fail on
/// bad input (missing files, no person in the photo, unwritable output) fails before rendering starts.
/// </summary>
public static class TransferVideoJob
{
    public static async Task<JobSummary> RunAsync(
        TransferVideoRequest request,
        PipelineMetrics metrics,
        Action<int, int>? progress = null,
        Action<string>? notice = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        TorchDevice device = InferenceDevice.Parse(request.Device);
        Checkpoint checkpoint = ModelLoader.Resolve(request.Checkpoint);
        int modelSize = checkpoint.Config.Model.ImageSize;

        VideoInfo video;
        using (VideoSource probe = VideoSource.Open(request.VideoPath, request.MaxInputSide))
        {
            video = probe.Info;
        }

        // Refused rather than re-timed: the encoder gets the frames at one constant rate (see FrameTiming).
        if (FrameTiming.FindDrift(request.VideoPath, video.Fps) is FrameTimingDrift drift)
        {
            throw new InvalidDataException(FrameTiming.Describe(request.VideoPath, video.Fps, drift));
        }

        using TargetPerson target = LoadTarget(request, modelSize);
        using IFramePoseProvider poses = request.DancerKeypoints is null
            ? new EstimatedFramePoses(request.Estimator)
            : new KeypointFileFramePoses(request.DancerKeypoints);

        int outputHeight = request.OutputHeightFor(modelSize);
        if (request.OutputHeight == 0)
        {
            notice?.Invoke($"output height {outputHeight} px, the default for a {modelSize}² model (4× its square, within 256-1024; --size sets another)");
        }

        var calibration = CalibrationWindow.For(request.CalibrationSeconds, video.Fps, video.Width, video.Height);
        if (calibration.ShortenedForMemory)
        {
            notice?.Invoke($"retargeting is fitted on the first {calibration.Frames / video.Fps:0.0} s instead of {request.CalibrationSeconds:0.0} s: "
                + $"the frames it holds back would need more than {CalibrationWindow.DefaultBudgetBytes >> 20} MiB at {video.Width}x{video.Height}");
        }

        var refiner = new StreamingPoseRefiner(request.Filter, video.Fps, request.Retarget, target.Pose,
            video.Width, video.Height, modelSize, calibration.Frames, calibration.MaxFrames);

        int threads = request.Threads > 0 ? request.Threads : Environment.ProcessorCount;
        using var inference = new InferenceThread("vunet-inference", () => TorchSharp.torch.set_num_threads(threads));
        IFrameRenderer renderer = await inference.RunAsync(() => CreateRenderer(checkpoint, target, device, request.Background)).ConfigureAwait(false);
        try
        {
            var components = new PipelineComponents(poses, refiner, p => Stickman.Draw(p, modelSize, modelSize), renderer, inference);
            var options = new MotionTransferOptions
            {
                VideoPath = request.VideoPath,
                OutputPath = request.OutputPath,
                BatchSize = request.BatchSize,
                ChannelCapacity = Math.Max(16, 2 * request.BatchSize),
                Layout = request.Layout,
                OutputHeight = outputHeight,
                MaxInputSide = request.MaxInputSide,
                CopyAudio = request.CopyAudio,
                EncoderPreset = request.EncoderPreset,
                EncoderPriority = request.EncoderPriority,
                KeypointsFolder = request.KeypointsOut,
                Overwrite = request.Overwrite,
                AllowPartial = request.AllowPartial,
                PreviewPort = request.PreviewPort,
            };
            JobSummary summary = await MotionTransferPipeline.RunAsync(options, components, metrics, progress, notice, cancellationToken).ConfigureAwait(false);
            if (refiner.Notice is not null)
            {
                notice?.Invoke(refiner.Notice);
            }

            return summary;
        }
        finally
        {
            await inference.RunAsync(() =>
            {
                renderer.Dispose();
                return 0;
            }).ConfigureAwait(false);
        }
    }

    private static void Validate(TransferVideoRequest request)
    {
        if (!File.Exists(request.VideoPath))
        {
            throw new FileNotFoundException($"dancer video '{request.VideoPath}' not found", request.VideoPath);
        }

        if (!File.Exists(request.PhotoPath))
        {
            throw new FileNotFoundException($"target photo '{request.PhotoPath}' not found", request.PhotoPath);
        }

        if (request.BatchSize is < 1 or > 256)
        {
            throw new ArgumentException($"batch size {request.BatchSize} must be between 1 and 256");
        }

        if (request.OutputHeight != 0 && (request.OutputHeight < 16 || request.OutputHeight % 2 != 0 || request.OutputHeight > 4096))
        {
            throw new ArgumentException($"output size {request.OutputHeight} must be an even number from 16 to 4096 (or 0: 4× the model's size)");
        }

        // Checked before the model loads and the photo is analysed, not only when ffmpeg starts.
        VideoEncodeOptions.ThrowIfUnknownPreset(request.EncoderPreset);
        CheckPaths(request);
    }

    /// <summary>
    /// Refuses, before any work, an output that is an input or holds one, two outputs that overlap, and
    /// (without <see cref="TransferVideoRequest.Overwrite"/>) an existing output; <paramref name="extraOutputs"/>
    /// are what the caller writes besides the video (the CLI's --json).
    /// </summary>
    public static void CheckPaths(TransferVideoRequest request, params NamedOutput[] extraOutputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        OutputGuard.Check(request.Outputs().Concat(extraOutputs), request.Inputs(), request.Overwrite);
    }

    public static TargetPerson LoadTarget(TransferVideoRequest request, int modelSize)
    {
        using Mat photo = Cv2.ImRead(request.PhotoPath, ImreadModes.Color);
        if (photo.Empty())
        {
            throw new InvalidDataException($"target photo '{request.PhotoPath}' cannot be read as an image");
        }

        PersonPose pose;
        if (request.PhotoKeypoints is not null)
        {
            pose = PersonChoice.Main(OpenPoseJson.Read(request.PhotoKeypoints));
        }
        else
        {
            using var tracker = new BlazePoseTracker(request.Estimator);
            pose = tracker.Estimate(photo).Pose;
        }

        return TargetPerson.Frame(photo, pose, modelSize, request.PhotoPath);
    }

    public static VUnetFrameRenderer CreateRenderer(Checkpoint checkpoint, TargetPerson target, TorchDevice device, RenderBackground? background = null)
    {
        VUnet model = ModelLoader.Load(checkpoint, device);
        try
        {
            return new VUnetFrameRenderer(model, target.Image, target.Pose, device, background);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
