using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using VUnetStream.Application.Caching;
using VUnetStream.Application.Preview;
using VUnetStream.Encode;
using VUnetStream.Ingest;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pipeline.Backgrounds;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pipeline.Sinks;
using VUnetStream.Pipeline.Threading;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Sources;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Personalization;
using VUnetStream.Render.Shape;
using VUnetStream.Render.Training;
using TorchDevice = TorchSharp.torch.Device;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Application;

/// <summary>
/// Runs motion-transfer jobs for a host (the CLI now, an API or a worker later): checks the inputs, encodes
/// the target person's appearance once, then streams the video through the engine. Models and pose
/// estimators are loaded on first use and kept until the service is disposed, so a host serving many jobs
/// loads each once. Up to the concurrency it was made with, jobs run at the same time, each with its own
/// model and tracker from the caches (more jobs wait for a slot); by default one after another. Everything
/// that can fail on bad input (missing files, no person in the photo, unwritable output) fails before
/// rendering starts.
/// </summary>
public sealed class TransferService : IDisposable
{
    private readonly ModelCache _models;
    private readonly PoseEstimatorCache _estimators = new();
    private readonly SemaphoreSlim _jobSlots;
    private long _lastJobId;
    private bool _disposed;

    public TransferService()
        : this(1)
    {
    }

    /// <summary>A service that runs up to <paramref name="concurrentJobs"/> jobs at the same time.</summary>
    public TransferService(int concurrentJobs)
        : this(new ModelCache(), concurrentJobs)
    {
    }

    internal TransferService(ModelCache models, int concurrentJobs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentJobs, 1);
        _models = models;
        _jobSlots = new SemaphoreSlim(concurrentJobs, concurrentJobs);
        ConcurrentJobs = concurrentJobs;
    }

    /// <summary>How many jobs may run at the same time.</summary>
    public int ConcurrentJobs { get; }

    /// <summary>Models loaded so far (each checkpoint and device once).</summary>
    public int ModelLoads => _models.Loads;

    /// <summary>Pose estimators created so far (each setting once).</summary>
    public int PoseEstimatorLoads => _estimators.Loads;

    /// <summary>
    /// Runs one job; <paramref name="events"/> hears its start, its progress, its notices and how it ended
    /// (also when it fails or is cancelled, before the exception reaches the caller).
    /// </summary>
    public Task<JobSummary> RunAsync(
        TransferVideoRequest request,
        PipelineMetrics metrics,
        Action<TransferJobEvent>? events = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(request, metrics, liveFrames: null, events, cancellationToken);

    /// <summary>
    /// Runs one job as <see cref="RunAsync(TransferVideoRequest, PipelineMetrics, Action{TransferJobEvent}?, CancellationToken)"/>
    /// does, and also publishes each output frame to <paramref name="liveFrames"/> (finished when the job
    /// ends, however it ends), for a host that shows the job while it renders.
    /// </summary>
    public async Task<JobSummary> RunAsync(
        TransferVideoRequest request,
        PipelineMetrics metrics,
        FrameBroadcaster? liveFrames,
        Action<TransferJobEvent>? events = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(metrics);
        ObjectDisposedException.ThrowIf(_disposed, this);
        long id = Interlocked.Increment(ref _lastJobId);
        await _jobSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            events?.Invoke(new TransferJobEvent(id, TransferJobEventKind.Started));
            JobSummary summary = await RunJobAsync(request, metrics, liveFrames,
                (done, total) => events?.Invoke(new TransferJobEvent(id, TransferJobEventKind.Personalizing) { StepsDone = done, StepsTotal = total }),
                (done, total) => events?.Invoke(new TransferJobEvent(id, TransferJobEventKind.Progress) { FramesDone = done, FramesTotal = total }),
                message => events?.Invoke(new TransferJobEvent(id, TransferJobEventKind.Notice) { Message = message }),
                cancellationToken).ConfigureAwait(false);
            events?.Invoke(new TransferJobEvent(id, TransferJobEventKind.Completed) { Summary = summary });
            return summary;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            events?.Invoke(new TransferJobEvent(id, TransferJobEventKind.Cancelled));
            throw;
        }
        catch (Exception ex)
        {
            events?.Invoke(new TransferJobEvent(id, TransferJobEventKind.Failed) { Message = ex.Message });
            throw;
        }
        finally
        {
            liveFrames?.Finish();
            _jobSlots.Release();
        }
    }

    private async Task<JobSummary> RunJobAsync(
        TransferVideoRequest request,
        PipelineMetrics metrics,
        FrameBroadcaster? liveFrames,
        Action<int, int> personalizing,
        Action<int, int> progress,
        Action<string> notice,
        CancellationToken cancellationToken)
    {
        TransferRequestChecks.Validate(request);
        // Declared first, so disposed last: the model and the tracker go back to the caches after the job's
        // renderer and pose source are gone.
        using var leases = new Leases();
        TorchDevice device = InferenceDevice.Parse(request.Device);
        Checkpoint checkpoint = ModelLoader.Resolve(request.Checkpoint);
        int modelSize = checkpoint.Config.Model.ImageSize;

        // Opened once: its size and rate set the job up, then the engine decodes it.
        using VideoSource source = VideoSource.Open(request.VideoPath, request.MaxInputSide);
        VideoInfo video = source.Info;

        // Refused rather than re-timed: the encoder gets the frames at one constant rate (see FrameTiming).
        FrameTiming.ThrowIfVariable(request.VideoPath, video.Fps);

        using TargetPerson target = LoadTarget(request, modelSize);
        // Test-time personalisation trains on the photo's person mask (the alpha's target); segmented before any rendering work.
        using Mat? targetMask = request.Personalize > 0 ? LoadTargetMask(request, target) : null;
        // --keypoints must hold stored poses (it never falls back to estimating); without it the frames are estimated.
        using IPoseSource poses = request.DancerKeypoints is not null
            ? PoseSources.OpenStored(request.DancerKeypoints)
            : PoseSources.Estimator(RentTracker(request.Estimator, leases));

        int outputHeight = request.OutputHeightFor(modelSize);
        if (request.OutputHeight == 0)
        {
            notice($"output height {outputHeight} px, the default for a {modelSize}² model (4× its square, within 256-1024; --size sets another)");
        }

        var calibration = CalibrationWindow.For(request.CalibrationSeconds, video.Fps, video.Width, video.Height);
        if (calibration.ShortenedForMemory)
        {
            notice($"retargeting is fitted on the first {calibration.Frames / video.Fps:0.0} s instead of {request.CalibrationSeconds:0.0} s: "
                + $"the frames it holds back would need more than {CalibrationWindow.DefaultBudgetBytes >> 20} MiB at {video.Width}x{video.Height}");
        }

        var refiner = new StreamingPoseRefiner(request.Filter, video.Fps, request.Retarget, target.Pose,
            video.Width, video.Height, modelSize, calibration.Frames, calibration.MaxFrames);

        using IResultBackdrop? backdrop = SceneBackdrops.Create(request, checkpoint.Config.Model.OutputAlpha, target, video, outputHeight, refiner, notice, cancellationToken);
        // Without a scene (a 3-channel model), a placed background renders as the default colour would.
        RenderBackground background = backdrop is null && request.Background.IsPlaced ? RenderBackground.Default : request.Background;

        int threads = request.Threads > 0 ? request.Threads : Environment.ProcessorCount;
        using var inference = new InferenceThread("vunet-inference", () => TorchSharp.torch.set_num_threads(threads));
        TorchSharp.torch.ScalarType precision = request.Precision.Resolve(device);
        if (precision == TorchSharp.torch.ScalarType.BFloat16)
        {
            notice(request.Precision == RenderPrecision.Auto
                ? "rendering in bfloat16: this CPU runs it natively (--precision float32 renders in float32)"
                : "rendering in bfloat16");
        }

        TimeSpan personalizeDuration = TimeSpan.Zero;
        IFrameRenderer renderer = await inference.RunAsync(() =>
        {
            if (targetMask is null)
            {
                var lease = _models.Rent(checkpoint, device, precision);
                leases.Add(lease);
                return new VUnetFrameRenderer(lease.Value, target.Image, target.Pose, device, background, ownsModel: false);
            }

            // A model of the job's own, fine-tuned in float32 from the checkpoint's file: the cached ones stay as they are.
            var clock = Stopwatch.StartNew();
            personalizing(0, request.Personalize);
            VUnet personal;
            using (var example = new PersonExample(target.Image, target.Pose, targetMask))
            {
                personal = Personalizer.Personalize(checkpoint, example, new PersonalizationOptions { Steps = request.Personalize }, device, precision,
                    step => personalizing(step.Step, step.Steps), cancellationToken);
            }

            personalizeDuration = clock.Elapsed;
            try
            {
                return new VUnetFrameRenderer(personal, target.Image, target.Pose, device, background, ownsModel: true);
            }
            catch
            {
                personal.Dispose();
                throw;
            }
        }).ConfigureAwait(false);
        if (request.Personalize > 0)
        {
            notice(string.Create(CultureInfo.InvariantCulture,
                $"personalised the model on the photo: {request.Personalize} steps in {personalizeDuration.TotalSeconds:0.0} s ({personalizeDuration.TotalSeconds / request.Personalize:0.00} s/step)"));
        }
        try
        {
            await using PreviewSink? preview = request.PreviewPort is int port ? PreviewSink.Start(port, Path.GetFileName(request.OutputPath)) : null;
            if (preview is not null)
            {
                notice($"watch the output while it renders: {preview.Url}");
            }

            var extraSinks = new List<IFrameSink>();
            if (preview is not null)
            {
                extraSinks.Add(preview);
            }

            if (liveFrames is not null)
            {
                extraSinks.Add(new BroadcastSink(liveFrames));
            }

            var components = new PipelineComponents(poses, refiner, p => Stickman.Draw(p, modelSize, modelSize), renderer, inference)
            {
                ExtraSinks = extraSinks,
                Backdrop = backdrop,
            };
            JobSummary summary = await MotionTransferPipeline.RunAsync(source, request.EngineOptions(outputHeight, request.EffectiveBatchSize(precision)), components, metrics, progress, notice, cancellationToken).ConfigureAwait(false);
            if (refiner.Notice is not null)
            {
                notice(refiner.Notice);
            }

            return summary with { PersonalizeSteps = request.Personalize, PersonalizeDuration = personalizeDuration };
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

    private TargetPerson LoadTarget(TransferVideoRequest request, int modelSize)
    {
        using var leases = new Leases();
        return TargetPhoto.Load(request, modelSize, options => RentTracker(options, leases));
    }

    private Mat LoadTargetMask(TransferVideoRequest request, TargetPerson target)
    {
        using var leases = new Leases();
        return TargetPhoto.LoadMask(request, target, options => RentTracker(options, leases));
    }

    private BlazePoseTracker RentTracker(PoseEstimatorOptions options, Leases leases)
    {
        var lease = _estimators.Rent(options);
        leases.Add(lease);
        return lease.Value;
    }

    public void Dispose()
    {
        _disposed = true;
        _models.Dispose();
        _estimators.Dispose();
        _jobSlots.Dispose();
    }
}
