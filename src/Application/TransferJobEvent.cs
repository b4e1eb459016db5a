using VUnetStream.Pipeline;

namespace VUnetStream.Application;

/// <summary>The steps of a job's life: started, frames written, notices, and how it ended.</summary>
public enum TransferJobEventKind
{
    Started,
    Progress,
    Notice,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// One thing that happened to a job of a <see cref="TransferService"/>, told synchronously on the thread
/// it happened on (a host that forwards events elsewhere copies them; they are immutable).
/// </summary>
public sealed record TransferJobEvent(long JobId, TransferJobEventKind Kind)
{
    /// <summary>Frames written so far (<see cref="TransferJobEventKind.Progress"/>).</summary>
    public int FramesDone { get; init; }

    /// <summary>Frames the video announces (<see cref="TransferJobEventKind.Progress"/>).</summary>
    public int FramesTotal { get; init; }

    /// <summary>A notice's text, or the error of a failed job.</summary>
    public string? Message { get; init; }

    /// <summary>The result of a completed job.</summary>
    public JobSummary? Summary { get; init; }
}
