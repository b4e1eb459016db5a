using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using VUnetStream.Messaging.Messages;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Messaging.Api;

/// <summary>
/// The Kafka mode's cancel: the store has already recorded it (a queued job is cancelled there, a running
/// one is asked to stop); this tells the workers, which may hold the job's message or be running it.
/// </summary>
internal sealed class KafkaCancelPublisher(ApiProducer producer, KafkaOptions kafka, ILogger<KafkaCancelPublisher> log) : IJobCancellation
{
    public void RequestStop(string id)
    {
        string value = MessageJson.Write(new CancelRequest { JobId = id });
        producer.Producer.Produce(kafka.CancelsTopic, new Message<string, string> { Key = id, Value = value }, report =>
        {
            if (report.Error.IsError)
            {
                log.LogError("the cancel of job {Id} could not be published to {Topic}: {Reason}", id, kafka.CancelsTopic, report.Error.Reason);
            }
        });
    }
}
