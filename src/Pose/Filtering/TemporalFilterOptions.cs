namespace VUnetStream.Pose.Filtering;

/// <summary>How keypoints are smoothed over time.</summary>
public enum SmoothingKind
{
    None,

    /// <summary>One-Euro filter (Casiez et al. 2012): strong smoothing when still, little lag when fast.</summary>
    OneEuro,

    /// <summary>Centred median over a window of frames: removes outliers, delays output by half a window.</summary>
    Median,
}

/// <summary>Settings of <see cref="TemporalPoseFilter"/>.</summary>
public sealed record TemporalFilterOptions
{
    public SmoothingKind Smoothing { get; init; } = SmoothingKind.OneEuro;

    /// <summary>
    /// Longest run of frames in which a joint is missing that is filled by linear interpolation
    /// between its neighbours; longer gaps stay missing. 0 turns gap filling off.
    /// </summary>
    public int MaxGap { get; init; } = 3;

    /// <summary>Frames per second assumed when the source has none.</summary>
    public double DefaultFps { get; init; } = 30;

    /// <summary>One-Euro cutoff frequency (Hz) at rest: lower smooths more.</summary>
    public double MinCutoff { get; init; } = 1.0;

    /// <summary>
    /// One-Euro speed coefficient, in cutoff Hz per (body height per second): higher lags less.
    /// The defaults (1 Hz, 5) were picked on a synthetic clip (seed 5) as the best trade of jitter
    /// against keypoint error, and checked on another (seed 3); see src/Pose/README.md.
    /// </summary>
    public double Beta { get; init; } = 5.0;

    /// <summary>Cutoff (Hz) of the filter on the speed estimate.</summary>
    public double DerivativeCutoff { get; init; } = 1.0;

    /// <summary>Median window length in frames (odd).</summary>
    public int MedianWindow { get; init; } = 5;

    public static SmoothingKind ParseSmoothing(string text) => text.Trim().ToLowerInvariant() switch
    {
        "one-euro" or "oneeuro" or "one_euro" => SmoothingKind.OneEuro,
        "median" => SmoothingKind.Median,
        "none" or "off" => SmoothingKind.None,
        _ => throw new ArgumentException($"unknown filter '{text}'; choose one-euro, median or none"),
    };

    public void Validate()
    {
        if (MaxGap < 0 || MaxGap > 1000)
        {
            throw new ArgumentException($"max gap {MaxGap} must be between 0 and 1000 frames");
        }

        if (MedianWindow < 1 || MedianWindow % 2 == 0)
        {
            throw new ArgumentException($"median window {MedianWindow} must be a positive odd number of frames");
        }

        if (!(MinCutoff > 0) || !(Beta >= 0) || !(DerivativeCutoff > 0) || !(DefaultFps > 0))
        {
            throw new ArgumentException("One-Euro cutoffs and the frame rate must be positive, beta non-negative");
        }
    }
}
