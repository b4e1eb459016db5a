using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using VUnetStream.Application;
using VUnetStream.Messaging;
using VUnetStream.Messaging.Mock;
using VUnetStream.Messaging.Worker;
using VUnetStream.Server;
using VUnetStream.Service;

namespace VUnetStream.Cli.ServiceBench;

/// <summary>One in-process worker of the benchmark: its own transfer service (its own model copy), its tally.</summary>
internal sealed record BenchWorker(string Name, KafkaWorker Worker, CountingExecutor Executor, TransferService Transfer, CancellationTokenSource Stop, Task Run);

/// <summary>
/// A service under test in this process: the API (VUnetServer on 127.0.0.1, a free port) and, in the
/// Kafka mode, a mock cluster and workers in one group, as the Messaging tests run them. In-process
/// workers do the same work as `vunet worker` processes (each its own TransferService and model) but
/// share one runtime, so the figures hold the Kafka mode's protocol and scheduling costs, not a second
/// process's memory.
/// </summary>
internal sealed class InProcessServices : IAsyncDisposable
{
    private readonly List<BenchWorker> _workers = [];

    // The workers' own log (assignments, starts, hand-backs, errors) on standard error, as `vunet worker`
    // writes it: a run that stalls shows where.
    private readonly ILoggerFactory _logging = LoggerFactory.Create(b => b
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddFilter((_, level) => level >= LogLevel.Information));
    private MockCluster? _cluster;
    private WebApplication? _api;

    private InProcessServices(string mediaRoot, KafkaOptions? kafka)
    {
        MediaRoot = mediaRoot;
        Kafka = kafka;
    }

    public string MediaRoot { get; }

    public KafkaOptions? Kafka { get; }

    public HttpClient Api { get; private set; } = new();

    public IReadOnlyList<BenchWorker> Workers => _workers;

    /// <summary>The Kafka mode: a mock cluster (4 partitions per topic), the API publishing to it, and <paramref name="workers"/> workers.</summary>
    public static async Task<InProcessServices> StartKafkaAsync(string folder, string mediaRoot, int workers, string? checkpoint, int threads, CancellationToken cancellationToken)
    {
        // At least one partition per worker, or the extra ones idle; 4 as `broker --mock` makes by default.
        int partitions = Math.Max(4, workers);
        MockCluster cluster = MockCluster.Start(brokers: 1, partitions: partitions);
        var kafka = new KafkaOptions { BootstrapServers = cluster.BootstrapServers };
        var services = new InProcessServices(mediaRoot, kafka) { _cluster = cluster };
        try
        {
            var options = new WorkerOptions { Kafka = kafka, MediaRoot = mediaRoot, Checkpoint = checkpoint, Threads = threads };
            for (int i = 1; i <= workers; i++)
            {
                services.StartWorker($"w{i}", options);
            }

            await services.StartApiAsync(new ServiceOptions { DataDirectory = Path.Combine(folder, "data"), MediaRoot = mediaRoot, Checkpoint = checkpoint, Threads = threads }, cancellationToken).ConfigureAwait(false);

            // Jobs published before the group has shared the partitions would all go to the first worker to join.
            DateTime until = DateTime.UtcNow.AddSeconds(60);
            while (services._workers.Sum(w => w.Worker.AssignedPartitions) != partitions || services._workers.Any(w => w.Worker.AssignedPartitions == 0))
            {
                if (DateTime.UtcNow > until)
                {
                    throw new TimeoutException("bench service: the workers' group did not share the partitions within 60 s");
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            return services;
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The embedded mode: the API runs the jobs itself, <paramref name="concurrency"/> at a time.</summary>
    public static async Task<InProcessServices> StartEmbeddedAsync(string folder, string mediaRoot, int concurrency, string? checkpoint, int threads, CancellationToken cancellationToken)
    {
        var services = new InProcessServices(mediaRoot, kafka: null);
        try
        {
            await services.StartApiAsync(new ServiceOptions { DataDirectory = Path.Combine(folder, "data"), MediaRoot = mediaRoot, Concurrency = concurrency, Checkpoint = checkpoint, Threads = threads }, cancellationToken).ConfigureAwait(false);
            return services;
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (_api is not null)
        {
            await _api.StopAsync().ConfigureAwait(false);
            await _api.DisposeAsync().ConfigureAwait(false);
            _api = null;
        }

        foreach (BenchWorker worker in _workers)
        {
            await worker.Stop.CancelAsync().ConfigureAwait(false);
            await worker.Run.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            worker.Stop.Dispose();
            worker.Worker.Dispose();
            worker.Transfer.Dispose();
        }

        _workers.Clear();
        _cluster?.Dispose();
        _cluster = null;
        _logging.Dispose();
    }

    private void StartWorker(string name, WorkerOptions options)
    {
        var transfer = new TransferService();
        var executor = new CountingExecutor(new TransferJobExecutor(transfer, options));
        var worker = new KafkaWorker(Kafka!, MediaRoot, executor, _logging.CreateLogger($"worker {name}"), name);
        var stop = new CancellationTokenSource();
        _workers.Add(new BenchWorker(name, worker, executor, transfer, stop, worker.RunAsync(stop.Token)));
    }

    private async Task StartApiAsync(ServiceOptions service, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(service.DataDirectory);
        _api = VUnetServer.Build(new ServerOptions { Port = 0, Kafka = Kafka, Service = service });
        await _api.StartAsync(cancellationToken).ConfigureAwait(false);
        Api = new HttpClient { BaseAddress = VUnetServer.Url(_api), Timeout = TimeSpan.FromMinutes(5) };
    }
}
