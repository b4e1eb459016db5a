using VUnetStream.Core.IO;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Retargeting;
using VUnetStream.Render.Inference;

namespace VUnetStream.Application;

/// <summary>
/// Everything a user chooses for one motion-transfer job (`vunet transfer-video`, later the API), with
/// the job's one set of defaults: every host starts from these, and the engine gets them from here.
/// </summary>
public sealed record TransferVideoRequest
{
    public required string VideoPath { get; init; }

    public required string PhotoPath { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>A checkpoint folder or file; null uses the built-in default model.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>OpenPose JSON of the person in the photo; null estimates it.</summary>
    public string? PhotoKeypoints { get; init; }

    /// <summary>A folder of per-frame OpenPose JSON for the dancer; null estimates poses with BlazePose.</summary>
    public string? DancerKeypoints { get; init; }

    public PoseEstimatorOptions Estimator { get; init; } = new();

    /// <summary>Temporal filtering; null turns it off.</summary>
    public TemporalFilterOptions? Filter { get; init; } = new();

    public RetargetMode Retarget { get; init; } = RetargetMode.Global;

    /// <summary>Seconds at the start of the clip used to fit the retargeting (frames wait meanwhile).</summary>
    public double CalibrationSeconds { get; init; } = 2;

    /// <summary>Frames per generator call; 0 (the default) lets <see cref="RenderBatches.For"/> choose by the render's number format.</summary>
    public int BatchSize { get; init; }

    public OutputLayout Layout { get; init; } = OutputLayout.Result;

    /// <summary>Output height in pixels; 0 picks <see cref="AutoOutputHeight"/> for the model.</summary>
    public int OutputHeight { get; init; }

    public bool CopyAudio { get; init; } = true;

    /// <summary>libx264 preset of the output video: faster presets leave more CPU to the renderer, slower ones give smaller files.</summary>
    public string EncoderPreset { get; init; } = DefaultEncoderPreset;

    /// <summary>ffmpeg's CPU priority; below the renderer's by default (see <see cref="EncoderPriority"/>).</summary>
    public EncoderPriority EncoderPriority { get; init; } = DefaultEncoderPriority;

    public string? KeypointsOut { get; init; }

    /// <summary>Keep what decodes of a video that ends early (a warning with the counts) instead of failing.</summary>
    public bool AllowPartial { get; init; }

    /// <summary>Replace an existing output video or a non-empty --keypoints-out folder. Inputs are never replaced.</summary>
    public bool Overwrite { get; init; }

    /// <summary>When set, the output is served live at http://127.0.0.1:PORT/ while it renders (0 = any free port).</summary>
    public int? PreviewPort { get; init; }

    public int MaxInputSide { get; init; } = 1920;

    /// <summary>What an alpha model's person is composited onto (a 3-channel model draws its own background).</summary>
    public RenderBackground Background { get; init; } = RenderBackground.Default;

    /// <summary>"cpu" or "cuda" (or "cuda:N").</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The number format of the renderer: bfloat16 where the CPU runs it natively, else float32 (see <see cref="RenderPrecisions.Resolve"/>).</summary>
    public RenderPrecision Precision { get; init; } = RenderPrecision.Auto;

    /// <summary>Torch threads on the inference thread; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Test-time personalisation: steps of fine-tuning a copy of the model on the target photo before rendering
    /// (0 = off, at most <see cref="Render.Personalization.PersonalizationOptions.MaxSteps"/>; see <see cref="Render.Personalization.Personalizer"/>).
    /// </summary>
    public int Personalize { get; init; }

    /// <summary>
    /// What the engine is told for this job: the one place the request's choices become the pipeline's
    /// (the engine has no defaults of its own for them).
    /// </summary>
    /// <summary>The batch a job renders with in <paramref name="precision"/>: the request's, or the measured best when it is 0.</summary>
    public int EffectiveBatchSize(TorchSharp.torch.ScalarType precision) => BatchSize > 0 ? BatchSize : RenderBatches.For(precision);

    public MotionTransferOptions EngineOptions(int outputHeight, int batchSize) => new()
    {
        VideoPath = VideoPath,
        OutputPath = OutputPath,
        BatchSize = batchSize,
        ChannelCapacity = Math.Max(16, 2 * batchSize),
        Layout = Layout,
        OutputHeight = outputHeight,
        MaxInputSide = MaxInputSide,
        CopyAudio = CopyAudio,
        EncoderPreset = EncoderPreset,
        EncoderPriority = EncoderPriority,
        KeypointsFolder = KeypointsOut,
        Overwrite = Overwrite,
        AllowPartial = AllowPartial,
    };

    /// <summary>The files and folders this job reads, named by the options that give them.</summary>
    public IEnumerable<NamedPath> Inputs()
    {
        yield return new NamedPath("--video", VideoPath);
        yield return new NamedPath("--photo", PhotoPath);
        if (PhotoKeypoints is not null)
        {
            yield return new NamedPath("--photo-keypoints", PhotoKeypoints);
        }

        if (DancerKeypoints is not null)
        {
            yield return new NamedPath("--keypoints", DancerKeypoints);
        }

        if (Checkpoint is not null)
        {
            yield return new NamedPath("--checkpoint", Checkpoint);
        }
    }

    /// <summary>What this job writes.</summary>
    public IEnumerable<NamedOutput> Outputs()
    {
        yield return NamedOutput.File("--out", this.OutputPath);
        if (KeypointsOut is not null)
        {
            yield return NamedOutput.Folder("--keypoints-out", KeypointsOut);
        }
    }

    /// <summary>
    /// The cheapest x264 preset. On the 64² default model the encoder's CPU comes straight out of the
    /// renderer's share of the cores (veryfast costs 3× as much per frame); at the sizes this tool writes
    /// the only price is a larger file (about 2× veryfast's at the same quality, ~0.4 Mbit/s at 256 px).
    /// </summary>
    public const string DefaultEncoderPreset = "ultrafast";

    /// <summary>ffmpeg at nice 19: as fast as SCHED_IDLE here, and still served when other work keeps the machine busy.</summary>
    public const EncoderPriority DefaultEncoderPriority = EncoderPriority.Low;

    /// <summary>
    /// The output height when none is asked for: 4× the model's square (a 64² generator shows no more
    /// detail when scaled further, and players scale the video to their window), at least 256 and at most
    /// 1024 pixels.
    /// </summary>
    public static int AutoOutputHeight(int modelSize) => Math.Clamp(4 * modelSize, 256, 1024);

    /// <summary>The output height this request gets with a model of <paramref name="modelSize"/>².</summary>
    public int OutputHeightFor(int modelSize) => OutputHeight > 0 ? OutputHeight : AutoOutputHeight(modelSize);
}
