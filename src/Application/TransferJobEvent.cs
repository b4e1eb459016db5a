using VUnetStream.Pipeline;

namespace VUnetStream.Application;

/// <summary>The steps of a job's life: started, frames written, notices, and how it ended.</summary>
public enum TransferJobEventKind
{
    Started,

    /// <summary>A step of test-time personalisation done (before the first frame; <see cref="TransferJobEvent.StepsDone"/>).</summary>
    Personalizing,
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

    /// <summary>Personalisation steps done so far (<see cref="TransferJobEventKind.Personalizing"/>).</summary>
    public int StepsDone { get; init; }

    /// <summary>Personalisation steps the job makes (<see cref="TransferJobEventKind.Personalizing"/>).</summary>
    public int StepsTotal { get; init; }

    /// <summary>A notice's text, or the error of a failed job.</summary>
    public string? Message { get; init; }

    /// <summary>The result of a completed job.</summary>
    public JobSummary? Summary { get; init; }
}
