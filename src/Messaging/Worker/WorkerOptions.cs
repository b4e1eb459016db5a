namespace VUnetStream.Messaging.Worker;

/// <summary>How a `vunet worker` runs: its cluster, the media root it shares with the API, its model.</summary>
public sealed record WorkerOptions
{
    public required KafkaOptions Kafka { get; init; }

    /// <summary>The folder the job messages' paths are relative to (the API's --media-root, mounted here).</summary>
    public required string MediaRoot { get; init; }

    /// <summary>The model every job uses; null: the built-in default model.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Torch threads per job; 0: all cores.</summary>
    public int Threads { get; init; }

    /// <summary>This worker's name in events and logs; null: host name and process id.</summary>
    public string? Name { get; init; }

    public void Validate()
    {
        Kafka.Validate();
        if (!Directory.Exists(MediaRoot))
        {
            throw new ArgumentException($"media root '{MediaRoot}' is not a folder");
        }
    }
}
