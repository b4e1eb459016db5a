using Microsoft.Extensions.DependencyInjection;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Messaging.Api;

/// <summary>The Kafka mode's services for the API host: publish queued jobs and cancels, apply the workers' events.</summary>
public static class KafkaApiServices
{
    /// <summary>Adds them; the host registers the store, queue and data folder as in the embedded mode, but no runner.</summary>
    public static IServiceCollection AddVUnetKafkaApi(this IServiceCollection services, KafkaOptions kafka)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        kafka.Validate();
        services.AddSingleton(kafka);
        services.AddSingleton<JobEventApplier>();
        services.AddSingleton<ApiProducer>();

        // Replaces the embedded runners' cancellation: the job may be on any worker.
        services.AddSingleton<IJobCancellation, KafkaCancelPublisher>();
        services.AddHostedService<KafkaJobPublisher>();
        services.AddHostedService<KafkaEventConsumer>();
        return services;
    }
}
