using Confluent.Kafka;

namespace VUnetStream.Messaging;

/// <summary>
/// The client settings of the Kafka mode in one place, as Confluent's examples set them: one long-lived
/// idempotent producer per process (acks=all, so a message is on every in-sync replica before it counts),
/// and consumers that store an offset only when the caller says the message is done
/// (enable.auto.offset.store=false; the stored offsets are committed in the background and at Close).
/// </summary>
internal static class KafkaClients
{
    public static IProducer<string, string> Producer(KafkaOptions options, string clientId) =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = clientId,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 2,

            // A broker that is away for a while: messages wait in the producer (5 minutes) instead of failing.
            MessageTimeoutMs = 300_000,
        }).Build();

    public static ConsumerConfig Consumer(KafkaOptions options, string groupId, string clientId) => new()
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = groupId,
        ClientId = clientId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = true,
        EnableAutoOffsetStore = false,
        MaxPollIntervalMs = options.MaxPollIntervalMs,
        SessionTimeoutMs = options.SessionTimeoutMs,
        HeartbeatIntervalMs = Math.Max(100, options.SessionTimeoutMs / 5),

        // A new worker takes partitions from the others without stopping the jobs they keep.
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
    };
}
