using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VUnetStream.Messaging.Messages;
using VUnetStream.Service;
using VUnetStream.Service.Queue;
using VUnetStream.Service.Storage;

namespace VUnetStream.Messaging.Api;

/// <summary>
/// The API's side of the jobs topic, in place of the embedded runner loops: each job the submitter queues
/// is published (key: its id) instead of run. At start every job the store still calls queued is
/// published again, so one that was stored but not yet published when the API stopped is not lost; a
/// copy that was published twice is harmless (the worker finds its output and acknowledges it).
/// </summary>
internal sealed class KafkaJobPublisher(
    JobStore store,
    JobQueue queue,
    DataFolder data,
    ServiceOptions options,
    KafkaOptions kafka,
    ApiProducer api,
    ILogger<KafkaJobPublisher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IProducer<string, string> producer = api.Producer;
        try
        {
            foreach (string id in store.QueuedIds())
            {
                await PublishAsync(producer, id, stoppingToken).ConfigureAwait(false);
            }

            await foreach (string id in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await PublishAsync(producer, id, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Whatever is still in the producer's buffer gets a last chance to reach the cluster.
            producer.Flush(TimeSpan.FromSeconds(5));
        }
    }

    private async Task PublishAsync(IProducer<string, string> producer, string id, CancellationToken cancellationToken)
    {
        if (store.Get(id) is not { State: Service.Jobs.JobState.Queued } job)
        {
            return;
        }

        try
        {
            // Awaited: a job counts as handed over once the cluster has it on every in-sync replica.
            string value = MessageJson.Write(JobMessages.From(job, data, options));
            await producer.ProduceAsync(kafka.JobsTopic, new Message<string, string> { Key = id, Value = value }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProduceException<string, string> ex)
        {
            // It stays queued in the store and is published again at the next start.
            log.LogError("job {Id} could not be published to {Topic}: {Reason}", id, kafka.JobsTopic, ex.Error.Reason);
        }
    }
}
