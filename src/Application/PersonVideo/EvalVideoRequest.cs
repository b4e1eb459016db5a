using VUnetStream.Pose.Estimation;

namespace VUnetStream.Application.PersonVideo;

/// <summary>What <c>vunet eval-video</c> was asked to do (see <see cref="SelfReenactment"/>).</summary>
public sealed record EvalVideoRequest
{
    /// <summary>The held-out share when the model does not come with its own split.</summary>
    public const double DefaultHoldout = 0.3;

    /// <summary>Frames are scored at most this high (scaled down with their aspect kept): what the output of a 128² model shows.</summary>
    public const int DefaultMaxHeight = 512;

    public required string VideoPath { get; init; }

    /// <summary>The model; null for the built-in default. A folder made by <c>personalize --video</c> brings its split.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The last share of the video to score; null = the model's recorded split, else <see cref="DefaultHoldout"/>.</summary>
    public double? Holdout { get; init; }

    /// <summary>A video of real | generated for the held-out frames; null for none.</summary>
    public string? SideBySide { get; init; }

    public bool Overwrite { get; init; }

    public PoseEstimatorOptions Estimator { get; init; } = new();

    public int MaxHeight { get; init; } = DefaultMaxHeight;

    /// <summary>Frames larger than this are downscaled first, as transfer-video and personalize do.</summary>
    public int MaxInputSide { get; init; } = 1920;

    /// <summary>Torch threads (0 = one per core).</summary>
    public int Threads { get; init; }

    /// <summary>What the user should know (a moving camera, a 3-channel model); null for nobody.</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Where the progress bar goes; null for none.</summary>
    public TextWriter? Progress { get; init; }

    public bool InteractiveProgress { get; init; }
}
