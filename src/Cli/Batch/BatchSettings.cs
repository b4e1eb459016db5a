namespace VUnetStream.Cli.Batch;

/// <summary>What every job of a batch shares: the target person, the model (local mode) and where results go.</summary>
internal sealed record BatchSettings
{
    public required string VideosSource { get; init; }

    public required string PhotoPath { get; init; }

    public required string OutDir { get; init; }

    /// <summary>OpenPose JSON of the photo's person (local mode); null estimates it.</summary>
    public string? PhotoKeypoints { get; init; }

    /// <summary>The model of local jobs; null: the built-in default (a server uses its own).</summary>
    public string? Checkpoint { get; init; }

    /// <summary>A running `vunet serve` to submit to; null runs the jobs in this process.</summary>
    public Uri? Server { get; init; }

    public string? ApiKey { get; init; }

    public bool Overwrite { get; init; }

    /// <summary>Inference threads of local jobs (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>How often a server's jobs are asked for their state.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
