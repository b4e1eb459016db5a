using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Training;

/// <summary>What <c>vunet train</c> was asked to do.</summary>
public sealed record TrainRequest
{
    /// <summary>Dataset folder (a synth root with train/ and test/, a benchmark folder, or OpenPose images + JSON).</summary>
    public required string DataPath { get; init; }

    /// <summary>Training output folder (checkpoints, loss log and plot, sample grids).</summary>
    public required string OutDir { get; init; }

    /// <summary>The config; may be null when resuming (the checkpoint's is used) or with <see cref="StartFrom"/> (then its config is used).</summary>
    public TrainingConfig? Config { get; init; }

    /// <summary>
    /// Fine-tuning: a fresh run starts from this checkpoint's weights instead of the data-dependent initialisation
    /// (the config's model must be the checkpoint's; the step count, schedules and Adam start from zero).
    /// Ignored when resuming, which continues from the run's own latest checkpoint.
    /// </summary>
    public Checkpoint? StartFrom { get; init; }

    /// <summary>Continue from the latest checkpoint in <see cref="OutDir"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Overrides the config's total steps (the length the schedules are relative to).</summary>
    public long? TotalSteps { get; init; }

    /// <summary>Stops after this many completed steps (with a checkpoint), e.g. to split a long run into sessions.</summary>
    public long? StopAtStep { get; init; }

    /// <summary>Overrides the config's torch thread count.</summary>
    public int? Threads { get; init; }

    /// <summary>Overrides the config's training precision (auto, float32, bfloat16).</summary>
    public string? Precision { get; init; }

    /// <summary>Where the progress bar and messages go (null: silent).</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Redraw one progress line (a terminal) instead of printing a line per log interval.</summary>
    public bool InteractiveProgress { get; init; }
}

/// <summary>How a training run ended.</summary>
public sealed record TrainResult(long Step, long TotalSteps, bool Interrupted, Checkpoint? LastCheckpoint, double ImagesPerSecond);
