using System.CommandLine;
using VUnetStream.Messaging;
using VUnetStream.Messaging.Worker;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet worker --kafka BOOTSTRAP --media-root DIR</c>: runs the jobs `serve --kafka` publishes, as one
/// member of the workers' consumer group (start any number). SIGINT/SIGTERM hand the current job back.
/// </summary>
internal static class WorkerCommand
{
    private static readonly Option<string> Kafka = new("--kafka") { Description = "The cluster's bootstrap list (host:port,...), as given to `serve --kafka`", Required = true };
    private static readonly Option<string> MediaRootOption = new("--media-root") { Description = "The media root shared with `serve --kafka` (job messages name files relative to it)", Required = true };
    private static readonly Option<string?> CheckpointOption = new("--checkpoint") { Description = "Model checkpoint for every job (default: the built-in default model)" };
    private static readonly Option<int> Threads = new("--threads") { Description = "Torch threads per job (0 = all cores)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> Name = new("--name") { Description = "This worker's name in events and logs (default: host name and process id)" };
    private static readonly Option<int> MaxAttempts = new("--max-attempts") { Description = "Attempts of a failing job before it goes to the dead-letter topic", DefaultValueFactory = _ => 3 };

    public static Command Create()
    {
        var command = new Command("worker", "Run motion-transfer jobs from Kafka (the jobs `serve --kafka` publishes); any number of workers share them.")
        {
            Kafka, MediaRootOption, CheckpointOption, Threads, Name, MaxAttempts,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new WorkerOptions
            {
                Kafka = new KafkaOptions { BootstrapServers = parse.GetValue(Kafka)!, MaxAttempts = parse.GetValue(MaxAttempts) },
                MediaRoot = parse.GetValue(MediaRootOption)!,
                Checkpoint = parse.GetValue(CheckpointOption),
                Threads = parse.GetValue(Threads),
                Name = parse.GetValue(Name),
            };
            await VUnetWorker.RunAsync(options, Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
