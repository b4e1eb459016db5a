namespace VUnetStream.Service;

/// <summary>How the job service runs: where its data lives, how many jobs at once, what clients may send.</summary>
public sealed record ServiceOptions
{
    /// <summary>The store (jobs.db), every job's uploads and its result (jobs/ID/).</summary>
    public string DataDirectory { get; init; } = "serve-data";

    /// <summary>Runner loops taking jobs from the queue.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>A folder whose files jobs may name instead of uploading them; null: uploads only.</summary>
    public string? MediaRoot { get; init; }

    public long MaxVideoBytes { get; init; } = 500L << 20;

    public long MaxPhotoBytes { get; init; } = 20L << 20;

    /// <summary>Longest video a job may bring (as its container announces it); 10 min by default, about 1 h of rendering here.</summary>
    public double MaxVideoSeconds { get; init; } = 600;

    /// <summary>Jobs that can wait in the queue; more are refused until some have run.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>The model every job uses; null: the built-in default model.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Length of the built-in example's synthetic dancer clip (as `vunet demo --seconds`).</summary>
    public double ExampleSeconds { get; init; } = 6;

    /// <summary>Torch threads per job; 0: all cores.</summary>
    public int Threads { get; init; }

    /// <summary>The checks a host runs before it starts serving.</summary>
    public void Validate()
    {
        if (Concurrency is < 1 or > 64)
        {
            throw new ArgumentException($"concurrency {Concurrency} must be between 1 and 64");
        }

        if (MediaRoot is not null && !Directory.Exists(MediaRoot))
        {
            throw new ArgumentException($"media root '{MediaRoot}' is not a folder");
        }

        if (MaxVideoSeconds <= 0 || MaxVideoBytes <= 0 || MaxPhotoBytes <= 0)
        {
            throw new ArgumentException("the upload limits (video bytes, video seconds, photo bytes) must be positive");
        }

        if (ExampleSeconds is <= 0 or > 600)
        {
            throw new ArgumentException($"example length {ExampleSeconds} s must be above 0 and at most 600");
        }
    }
}
