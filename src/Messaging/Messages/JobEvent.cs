namespace VUnetStream.Messaging.Messages;

/// <summary>What a worker tells about a job.</summary>
public enum JobEventKind
{
    /// <summary>A worker took it (again, after a redelivery).</summary>
    Started,

    Progress,

    /// <summary>Its output is in place (also for a redelivered job whose output already existed).</summary>
    Succeeded,

    /// <summary>An attempt failed; the job is published again for the next one.</summary>
    Retrying,

    /// <summary>It failed its last attempt and went to the dead-letter topic.</summary>
    Failed,

    /// <summary>The worker stopped or lost the partition mid-job and handed it back; it will run again.</summary>
    Released,

    /// <summary>A client cancelled it: the worker stopped it (or skipped it); it does not run again.</summary>
    Cancelled,
}

/// <summary>One event on the events topic (key: the job id, so one job's events stay in order).</summary>
public sealed record JobEvent
{
    public required string JobId { get; init; }

    public required JobEventKind Kind { get; init; }

    public int FramesDone { get; init; }

    public int FramesTotal { get; init; }

    public string? Error { get; init; }

    public int Attempt { get; init; } = 1;

    public string? Worker { get; init; }

    /// <summary>A redelivered job whose output already existed: acknowledged without rework.</summary>
    public bool ReusedOutput { get; init; }

    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
