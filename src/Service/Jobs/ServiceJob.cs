namespace VUnetStream.Service.Jobs;

/// <summary>
/// One job of the service as the store keeps it: its inputs (paths on this machine, and the names a client
/// sees), its options, its state and when it changed. Progress while it runs is kept in memory
/// (<see cref="Queue.RunningJobs"/>); the store gets the final count.
/// </summary>
public sealed record ServiceJob
{
    public required string Id { get; init; }

    public required JobSource Source { get; init; }

    public required string VideoPath { get; init; }

    public required string PhotoPath { get; init; }

    /// <summary>Exact keypoints of the photo's person (the example's); null: estimated.</summary>
    public string? PhotoKeypoints { get; init; }

    /// <summary>Exact per-frame keypoints of the dancer (the example's); null: estimated.</summary>
    public string? DancerKeypoints { get; init; }

    /// <summary>The video's name as the client gave it (shown only; never used as a path).</summary>
    public required string VideoName { get; init; }

    /// <summary>The photo's name as the client gave it (shown only; never used as a path).</summary>
    public required string PhotoName { get; init; }

    public JobOptions Options { get; init; } = new();

    public JobState State { get; init; } = JobState.Queued;

    public int FramesDone { get; init; }

    public int FramesTotal { get; init; }

    /// <summary>Why a failed job failed.</summary>
    public string? Error { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}
