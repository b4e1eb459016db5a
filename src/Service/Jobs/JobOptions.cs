namespace VUnetStream.Service.Jobs;

/// <summary>
/// The choices a client may make for a job: a subset of TransferVideoRequest's options, as text the way
/// the command line takes them (null keeps the job's default). Paths are deliberately not among them.
/// </summary>
public sealed record JobOptions
{
    /// <summary>result, or side-by-side (dancer | stickman | result).</summary>
    public string? Layout { get; init; }

    /// <summary>Output height in pixels (even, 16-4096); null or 0: 4× the model's square.</summary>
    public int? OutputHeight { get; init; }

    /// <summary>off, global or bones.</summary>
    public string? Retarget { get; init; }

    /// <summary>photo, dancer or a colour (grey, white, black, green, blue, #RRGGBB, R,G,B); image files are not offered to clients. Default: grey.</summary>
    public string? Background { get; init; }

    /// <summary>Test-time personalisation steps on the photo before rendering (0-1000; null or 0: off).</summary>
    public int? Personalize { get; init; }
}
