namespace VUnetStream.Messaging;

/// <summary>Where the Kafka mode's cluster is, the names of its topics and groups, and its delivery rules.</summary>
public sealed record KafkaOptions
{
    public const string DefaultJobsTopic = "vunet-jobs";
    public const string DefaultEventsTopic = "vunet-job-events";
    public const string DefaultDeadLetterTopic = "vunet-jobs-dead-letter";
    public const string DefaultCancelsTopic = "vunet-job-cancels";

    /// <summary>The cluster's bootstrap list (<c>host:port,...</c>).</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Jobs to run, keyed by job id: every message of one job lands on one partition, so one worker at a time has it.</summary>
    public string JobsTopic { get; init; } = DefaultJobsTopic;

    /// <summary>Progress and results, keyed by job id (in order per job), consumed by the API.</summary>
    public string EventsTopic { get; init; } = DefaultEventsTopic;

    /// <summary>Jobs that failed <see cref="MaxAttempts"/> times, with their error.</summary>
    public string DeadLetterTopic { get; init; } = DefaultDeadLetterTopic;

    /// <summary>
    /// Cancel requests from the API, keyed by job id; every worker reads all of them (a group of its own,
    /// from the start), skips a cancelled job it is handed and stops one it is running.
    /// </summary>
    public string CancelsTopic { get; init; } = DefaultCancelsTopic;

    public string WorkerGroup { get; init; } = "vunet-workers";

    public string ApiGroup { get; init; } = "vunet-api";

    /// <summary>Attempts of a failing job before it goes to the dead-letter topic.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// The consumer's max.poll.interval.ms. A job may run longer: the worker keeps polling (its partitions
    /// paused) while the job runs beside the loop.
    /// </summary>
    public int MaxPollIntervalMs { get; init; } = 300_000;

    /// <summary>The consumer's session.timeout.ms: how soon the group notices a worker that died outright.</summary>
    public int SessionTimeoutMs { get; init; } = 10_000;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("--kafka needs a bootstrap list (host:port,...)");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentException($"max attempts {MaxAttempts} must be between 1 and 100");
        }
    }
}
