using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VUnetStream.Messaging.Messages;

namespace VUnetStream.Messaging.Api;

/// <summary>
/// The API's consumer of the events topic (its own group): each event is applied to the job store, and
/// only then its offset stored, so an API that stops or dies mid-run re-reads what it had not applied
/// and, restarted, still knows every job. The loop runs on its own thread: Consume blocks.
/// </summary>
internal sealed class KafkaEventConsumer(JobEventApplier applier, KafkaOptions kafka, ILogger<KafkaEventConsumer> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using IConsumer<string, string> consumer = new ConsumerBuilder<string, string>(KafkaClients.Consumer(kafka, kafka.ApiGroup, "vunet-api"))
            .SetErrorHandler((_, e) => log.LogWarning("events consumer: {Reason}", e.Reason))
            .Build();
        consumer.Subscribe(kafka.EventsTopic);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<string, string>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                }
                catch (ConsumeException ex)
                {
                    log.LogWarning("events consumer: {Reason}", ex.Error.Reason);
                    continue;
                }

                if (result is not { Message: not null })
                {
                    continue;
                }

                if (MessageJson.TryRead<JobEvent>(result.Message.Value) is { } e)
                {
                    applier.Apply(e);
                }
                else
                {
                    log.LogWarning("skipping an unreadable event at {Offset}", result.TopicPartitionOffset);
                }

                consumer.StoreOffset(result);
            }
        }
        finally
        {
            // Commits the stored offsets and leaves the group at once (no wait for a session timeout).
            consumer.Close();
        }
    }
}
