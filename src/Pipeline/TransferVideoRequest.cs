using VUnetStream.Pipeline.Stages;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pipeline;

/// <summary>Everything a user chooses for one motion-transfer job (`vunet transfer-video`).</summary>
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

    public int BatchSize { get; init; } = 8;

    public OutputLayout Layout { get; init; } = OutputLayout.Result;

    public int OutputHeight { get; init; } = 512;

    public bool CopyAudio { get; init; } = true;

    public string? KeypointsOut { get; init; }

    public int? PreviewPort { get; init; }

    public int MaxInputSide { get; init; } = 1920;

    /// <summary>"cpu" or "cuda" (or "cuda:N").</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Torch threads on the inference thread; 0 = all cores.</summary>
    public int Threads { get; init; }
}
