using VUnetStream.Service.Jobs;

namespace VUnetStream.Messaging.Messages;

/// <summary>
/// A job on the jobs topic (key: its id). Media travel by reference: every path is relative to the media
/// root that the API and the workers share, never the bytes themselves.
/// </summary>
public sealed record JobMessage
{
    public required string Id { get; init; }

    public required JobSource Source { get; init; }

    public required string Video { get; init; }

    public required string Photo { get; init; }

    public string? PhotoKeypoints { get; init; }

    public string? DancerKeypoints { get; init; }

    /// <summary>Where the result goes. One path per job id, so a duplicate can never make a second output.</summary>
    public required string Output { get; init; }

    /// <summary>The names the client gave (for error messages that name its files).</summary>
    public string VideoName { get; init; } = "video";

    public string PhotoName { get; init; } = "photo";

    public JobOptions Options { get; init; } = new();

    /// <summary>Length of the built-in example's clip, which the worker makes (as `vunet demo --seconds`).</summary>
    public double ExampleSeconds { get; init; } = 6;

    /// <summary>1 for the first try; a failed try is published again with the next number.</summary>
    public int Attempt { get; init; } = 1;
}
