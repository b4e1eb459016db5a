using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using VUnetStream.Application;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Messaging.Api;
using VUnetStream.Server.Endpoints;
using VUnetStream.Service;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Queue;
using VUnetStream.Service.Storage;
using VUnetStream.Service.Submissions;
using VUnetStream.Service.Telemetry;

namespace VUnetStream.Server;

/// <summary>The server's wiring in one place: its services (<see cref="AddVUnetServer"/>) and its routes (<see cref="MapVUnetApi"/>).</summary>
internal static class ServerExtensions
{
    public static WebApplicationBuilder AddVUnetServer(this WebApplicationBuilder builder, ServerOptions options)
    {
        ServiceOptions service = options.Service;
        long maxBody = service.MaxVideoBytes + service.MaxPhotoBytes + (1 << 20);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address(), options.Port);
            kestrel.Limits.MaxRequestBodySize = maxBody;
        });
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxBody);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });

        // The service: one store, one queue, one TransferService shared by every runner loop (as many job
        // slots as loops, so --concurrency N really runs N jobs at once). In the Kafka mode the queue feeds a
        // publisher instead, and the job folders (uploads, examples, results) live in the media root that the
        // workers share.
        var data = options.Kafka is null ? new DataFolder(service.DataDirectory) : new DataFolder(service.DataDirectory, Path.Combine(service.MediaRoot!, "jobs"));
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(new JobStore(data.DatabasePath));
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<RunningJobs>();
        builder.Services.AddSingleton<IJobCancellation>(sp => sp.GetRequiredService<RunningJobs>());
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton<JobSubmitter>();
        builder.Services.AddSingleton<JobLookup>();
        if (options.Kafka is null)
        {
            builder.Services.AddSingleton(_ => new TransferService(service.Concurrency));
            builder.Services.AddHostedService<JobRunner>();
        }
        else
        {
            builder.Services.AddVUnetKafkaApi(options.Kafka);
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName, ServiceMetrics.MeterName)
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        // A job may take minutes to notice a stop between two batches; the runner puts it back in the queue.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(60));
        return builder;
    }

    public static WebApplication MapVUnetApi(this WebApplication app, ServerOptions options)
    {
        // The meters are created before the first scrape so that /metrics lists the job counts at once.
        app.Services.GetRequiredService<ServiceMetrics>();
        app.UseApiKey(options.ApiKey);
        IEndpointRouteBuilder routes = app;
        routes.MapPageEndpoints();
        routes.MapJobEndpoints();
        routes.MapJobMediaEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
