namespace VUnetStream.Service.Submissions;

/// <summary>Why a submission is refused; a host turns <see cref="Reason"/> into its own status code.</summary>
public enum RejectionReason
{
    /// <summary>The request is wrong: a file that does not decode, an unknown option, a path outside the media root.</summary>
    Invalid,

    /// <summary>An upload is larger than the server accepts.</summary>
    TooLarge,

    /// <summary>The queue is full; the client may try again later.</summary>
    QueueFull,
}

/// <summary>A submission the service refuses before it becomes a job; nothing of it is kept.</summary>
public sealed class JobRejectedException(RejectionReason reason, string message) : Exception(message)
{
    public RejectionReason Reason { get; } = reason;
}
