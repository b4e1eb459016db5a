using System.Text.Json.Nodes;
using VUnetStream.Pose.Estimation;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Application.PersonVideo;

/// <summary>What <c>vunet personalize --video</c> was asked to do (see <see cref="VideoPersonalizer"/>).</summary>
public sealed record PersonalizeVideoRequest
{
    public required string VideoPath { get; init; }

    /// <summary>The model folder to make (or, with <see cref="Resume"/>, to continue).</summary>
    public required string OutDir { get; init; }

    /// <summary>The checkpoint to start from; null for the built-in default model.</summary>
    public string? From { get; init; }

    /// <summary>The last share of the video left out of training (for eval-video); null = 0 on a fresh run, the recorded one on resume.</summary>
    public double? Holdout { get; init; }

    /// <summary>Total fine-tuning steps; null = <see cref="Render.Personalization.VideoFineTuning.DefaultSteps"/> (on resume: the run's own).</summary>
    public int? Steps { get; init; }

    /// <summary>Adam's base learning rate; null = <see cref="Render.Personalization.VideoFineTuning.DefaultLr"/> (on resume: the run's own).</summary>
    public double? Lr { get; init; }

    /// <summary>Stop with a checkpoint after this many steps (continue with <see cref="Resume"/>).</summary>
    public long? Until { get; init; }

    public bool Resume { get; init; }

    /// <summary>Side of the square frames written to <c>data/</c>; null = the model's side.</summary>
    public int? ImageSize { get; init; }

    public bool Overwrite { get; init; }

    public int MinJoints { get; init; } = UsableFrame.DefaultMinJoints;

    public double MinPoseChange { get; init; } = PoseChange.DefaultMinChange;

    public PoseEstimatorOptions Estimator { get; init; } = new();

    /// <summary>Torch threads; null = the config's (one per core).</summary>
    public int? Threads { get; init; }

    /// <summary>Where progress and messages go (null: silent).</summary>
    public TextWriter? Progress { get; init; }

    public bool InteractiveProgress { get; init; }

    /// <summary>What made the run (version, command, settings), written first into <c>personalize.json</c>.</summary>
    public JsonObject? Provenance { get; init; }
}

/// <summary>How a personalize run ended: the model folder (a training output folder every --checkpoint accepts) and its step.</summary>
public sealed record PersonalizeVideoResult(string ModelDir, long Step, long TotalSteps, bool Interrupted, Checkpoint? LastCheckpoint, PersonalizeManifest Manifest);
