namespace VUnetStream.Messaging.Messages;

/// <summary>A job that failed every attempt, on the dead-letter topic (key: its id) with the last error.</summary>
public sealed record DeadLetter
{
    public required JobMessage Job { get; init; }

    public required string Error { get; init; }

    public required int Attempts { get; init; }

    public string? Worker { get; init; }

    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
