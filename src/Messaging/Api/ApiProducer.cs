using Confluent.Kafka;

namespace VUnetStream.Messaging.Api;

/// <summary>The API's one long-lived idempotent producer, shared by the job publisher and the cancel requests.</summary>
internal sealed class ApiProducer(KafkaOptions kafka) : IDisposable
{
    public IProducer<string, string> Producer { get; } = KafkaClients.Producer(kafka, "vunet-api");

    public void Dispose()
    {
        Producer.Flush(TimeSpan.FromSeconds(5));
        Producer.Dispose();
    }
}
