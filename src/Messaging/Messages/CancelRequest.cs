namespace VUnetStream.Messaging.Messages;

/// <summary>A client cancelled a job (cancels topic, key: the job id).</summary>
public sealed record CancelRequest
{
    public required string JobId { get; init; }

    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
