using System.CommandLine;
using VUnetStream.Messaging;
using VUnetStream.Server;
using VUnetStream.Service;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet serve</c>: jobs as a service — an HTTP API and a web page on this machine, a queue, and a job
/// store that survives restarts (src/Server, src/Service). SIGINT/SIGTERM stop it; running jobs stay queued.
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<string> Host = new("--host") { Description = "Address to listen on (beyond 127.0.0.1 only with --api-key)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> Port = new("--port") { Description = "Port (0 = any free port; the URL is the first line printed)", DefaultValueFactory = _ => 5080 };
    private static readonly Option<string> Data = new("--data") { Description = "Folder of the job store, the uploads and the results", DefaultValueFactory = _ => "serve-data" };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Jobs taken from the queue at once", DefaultValueFactory = _ => 1 };
    private static readonly Option<string?> MediaRootOption = new("--media-root") { Description = "A folder whose files jobs may name (video_path, photo_path) instead of uploading" };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Key every request but /health must send as X-Api-Key (default: $VUNET_API_KEY)" };
    private static readonly Option<string?> CheckpointOption = new("--checkpoint") { Description = "Model checkpoint for every job (default: the built-in default model)" };
    private static readonly Option<int> MaxVideo = new("--max-video-mb") { Description = "Largest video upload in MiB", DefaultValueFactory = _ => 500 };
    private static readonly Option<double> MaxVideoSeconds = new("--max-video-seconds") { Description = "Longest video a job may bring, in seconds", DefaultValueFactory = _ => 600 };
    private static readonly Option<string?> Kafka = new("--kafka") { Description = "Kafka mode: publish jobs to this cluster (bootstrap list host:port,...) for `vunet worker`s instead of running them; needs --media-root" };
    private static readonly Option<int> MaxPhoto = new("--max-photo-mb") { Description = "Largest photo upload in MiB", DefaultValueFactory = _ => 20 };

    public static Command Create()
    {
        var command = new Command("serve", "Serve motion-transfer jobs: an HTTP API and a web page, a queue and a job store that survives restarts.")
        {
            Host, Port, Data, Concurrency, MediaRootOption, ApiKey, CheckpointOption, MaxVideo, MaxVideoSeconds, MaxPhoto, Kafka,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                Host = parse.GetValue(Host)!,
                Port = parse.GetValue(Port),
                ApiKey = parse.GetValue(ApiKey) ?? NullIfEmpty(Environment.GetEnvironmentVariable("VUNET_API_KEY")),
                Service = new ServiceOptions
                {
                    DataDirectory = parse.GetValue(Data)!,
                    Concurrency = parse.GetValue(Concurrency),
                    MediaRoot = parse.GetValue(MediaRootOption),
                    Checkpoint = parse.GetValue(CheckpointOption),
                    MaxVideoBytes = (long)parse.GetValue(MaxVideo) << 20,
                    MaxPhotoBytes = (long)parse.GetValue(MaxPhoto) << 20,
                    MaxVideoSeconds = parse.GetValue(MaxVideoSeconds),
                },
                Kafka = parse.GetValue(Kafka) is { } bootstrap ? new KafkaOptions { BootstrapServers = bootstrap } : null,
            };
            await VUnetServer.RunAsync(options, Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
