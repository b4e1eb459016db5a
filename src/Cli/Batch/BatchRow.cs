namespace VUnetStream.Cli.Batch;

/// <summary>How one video of a batch ended.</summary>
internal enum BatchState
{
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}

/// <summary>One row of the batch summary: the video, how it ended, its frames and time, and its output or the reason it has none.</summary>
internal sealed record BatchRow(string Video, BatchState State, int Frames, double Seconds, string? Output, string? Error)
{
    public static BatchRow Failed(string video, string error, double seconds = 0) => new(video, BatchState.Failed, 0, seconds, null, error);
}
