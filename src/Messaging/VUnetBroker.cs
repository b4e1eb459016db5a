using VUnetStream.Messaging.Mock;

namespace VUnetStream.Messaging;

/// <summary>`vunet broker --mock`: librdkafka's mock cluster in the foreground, for the Kafka mode on one machine.</summary>
public static class VUnetBroker
{
    /// <summary>
    /// Runs the mock cluster until <paramref name="stopping"/> is cancelled. The first line on
    /// <paramref name="stdout"/> is the bootstrap list alone (for `serve --kafka` and `worker --kafka`);
    /// a second line says what was created.
    /// </summary>
    public static async Task RunAsync(int brokers, int partitions, TextWriter stdout, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        using MockCluster cluster = MockCluster.Start(brokers, partitions);
        await stdout.WriteLineAsync(cluster.BootstrapServers).ConfigureAwait(false);
        await stdout.WriteLineAsync(
            $"mock cluster: {brokers} broker(s); topics {KafkaOptions.DefaultJobsTopic}, {KafkaOptions.DefaultEventsTopic}, {KafkaOptions.DefaultDeadLetterTopic} with {partitions} partitions each; Ctrl-C stops it (its data is in memory only)").ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
