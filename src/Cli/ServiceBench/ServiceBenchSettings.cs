namespace VUnetStream.Cli.ServiceBench;

/// <summary>What `vunet bench service` runs: how many jobs of which clip, through which modes, with how many workers.</summary>
internal sealed record ServiceBenchSettings
{
    public int Jobs { get; init; } = 50;

    /// <summary>Length of the synthetic dancer clip every job renders.</summary>
    public double Seconds { get; init; } = 1;

    public int ClipSize { get; init; } = 128;

    public bool Kafka { get; init; } = true;

    public bool Embedded { get; init; } = true;

    /// <summary>Kafka workers in the load run; also the embedded mode's concurrency, so both run as many jobs at once.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Torch threads per job in the load runs; 0: the cores shared among the workers.</summary>
    public int Threads { get; init; }

    public string? Checkpoint { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public int ThreadsPerJob => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / Workers);

    public void Validate()
    {
        if (Jobs is < 1 or > 10_000)
        {
            throw new ArgumentException($"--jobs {Jobs} must be between 1 and 10000");
        }

        if (Seconds is <= 0 or > 600)
        {
            throw new ArgumentException($"--seconds {Seconds} must be above 0 and at most 600");
        }

        if (ClipSize is < 32 or > 2048 || ClipSize % 2 != 0)
        {
            throw new ArgumentException($"--clip-size {ClipSize} must be an even number from 32 to 2048");
        }

        if (Workers is < 1 or > 64)
        {
            throw new ArgumentException($"--workers {Workers} must be between 1 and 64");
        }

        if (Threads < 0)
        {
            throw new ArgumentException($"--threads {Threads} must be 0 (automatic) or more");
        }

        if (!Kafka && !Embedded)
        {
            throw new ArgumentException("--mode must name kafka, embedded or both");
        }
    }
}
