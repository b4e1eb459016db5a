using Microsoft.Extensions.Logging;
using VUnetStream.Application;
using VUnetStream.Messaging.Worker;

namespace VUnetStream.Messaging;

/// <summary>The worker's entry point: `vunet worker --kafka BOOTSTRAP` calls <see cref="RunAsync"/>.</summary>
public static class VUnetWorker
{
    /// <summary>
    /// Runs jobs from the jobs topic until <paramref name="stopping"/> is cancelled, then hands back the
    /// current job and closes the consumer. The first line on <paramref name="stdout"/> names the worker;
    /// its log goes to standard error.
    /// </summary>
    public static async Task RunAsync(WorkerOptions options, TextWriter stdout, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        options.Validate();
        using ILoggerFactory logging = LoggerFactory.Create(b => b
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter((_, level) => level >= LogLevel.Information));
        using var transfer = new TransferService();
        using var worker = new KafkaWorker(options.Kafka, options.MediaRoot, new TransferJobExecutor(transfer, options), logging.CreateLogger("vunet.worker"), options.Name);
        await stdout.WriteLineAsync($"worker {worker.Name}: group {options.Kafka.WorkerGroup} on {options.Kafka.BootstrapServers}, topic {options.Kafka.JobsTopic}").ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await worker.RunAsync(stopping).ConfigureAwait(false);
    }
}
