using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using VUnetStream.Application;
using VUnetStream.Cli.Batch;
using VUnetStream.Cli.Output;
using VUnetStream.Messaging;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet batch</c>: one motion-transfer job per video of a folder or zip, all with the same target
/// photo, run here one after another, submitted to a running `vunet serve`, or published to the Kafka mode's workers; overall progress, then a
/// summary table. Exit code 1 when any video failed (the others still ran).
/// </summary>
internal static class BatchCommand
{
    private static readonly Option<string> Videos = new("--videos") { Description = "A folder of videos, or a .zip of them", Required = true };
    private static readonly Option<string> Photo = new("--photo") { Description = "A photo of the target person (full body), for every video", Required = true };
    private static readonly Option<string> Out = new("--out") { Description = "Folder for the results (NAME.mp4 per video)", DefaultValueFactory = _ => "batch-out" };
    private static readonly Option<string?> ServerOption = new("--server") { Description = "Submit the jobs to a running `vunet serve` at this URL instead of running them here" };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "The server's API key (default: $VUNET_API_KEY)" };
    private static readonly Option<string?> Kafka = new("--kafka") { Description = "Publish the jobs to the Kafka mode's cluster (BOOTSTRAP servers) for its `vunet worker`s; needs --media-root" };
    private static readonly Option<string?> MediaRootOption = new("--media-root") { Description = "With --kafka: the media root the workers mount (inputs are copied there, results read from there)" };
    private static readonly Option<string?> CheckpointOption = new("--checkpoint") { Description = "Model checkpoint of local jobs (default: the built-in default model; a server uses its own)" };
    private static readonly Option<string?> PhotoKeypoints = new("--photo-keypoints") { Description = "OpenPose JSON of the photo's person, local jobs only (default: estimate it)" };
    private static readonly Option<int> Threads = new("--threads") { Description = "Inference threads of local jobs (0 = all cores)", DefaultValueFactory = _ => 0 };
    private static readonly Option<bool> Overwrite = OutputOptions.Overwrite();

    public static Command Create(IServiceProvider services)
    {
        var command = new Command("batch", "Run one motion-transfer job per video of --videos (a folder or a zip) with the person in --photo; here, or on a running server (--server URL).")
        {
            Videos, Photo, Out, ServerOption, ApiKey, Kafka, MediaRootOption, CheckpointOption, PhotoKeypoints, Threads, Overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            BatchSettings settings = FromParse(parse);
            if (parse.GetValue(Kafka) is { } bootstrap)
            {
                var kafka = new KafkaBatchBackend(new KafkaOptions { BootstrapServers = bootstrap }, parse.GetValue(MediaRootOption)!, settings);
                return (await BatchRun.RunAsync(settings, kafka, Console.Out, null, cancellationToken).ConfigureAwait(false)).ExitCode;
            }

            if (settings.Server is not null)
            {
                using HttpClient http = ServerBatchBackend.Client(settings.Server, settings.ApiKey);
                return (await BatchRun.RunAsync(settings, new ServerBatchBackend(http, settings), Console.Out, null, cancellationToken).ConfigureAwait(false)).ExitCode;
            }

            var local = new LocalBatchBackend(services.GetRequiredService<TransferService>(), settings);
            return (await BatchRun.RunAsync(settings, local, Console.Out, null, cancellationToken).ConfigureAwait(false)).ExitCode;
        });
        return command;
    }

    private static BatchSettings FromParse(ParseResult parse)
    {
        string? kafka = parse.GetValue(Kafka);
        string? mediaRoot = parse.GetValue(MediaRootOption);
        if (kafka is not null)
        {
            if (parse.GetValue(ServerOption) is not null)
            {
                throw new ArgumentException("--kafka and --server are two ways to submit: give one (a `serve --kafka` API is reached with --server)");
            }

            if (mediaRoot is null || !Directory.Exists(mediaRoot))
            {
                throw new ArgumentException(mediaRoot is null
                    ? "--kafka needs --media-root DIR: the folder the workers share (job messages name files in it)"
                    : $"--media-root '{mediaRoot}' is not a folder");
            }

            if (parse.GetValue(CheckpointOption) is not null || parse.GetValue(PhotoKeypoints) is not null)
            {
                throw new ArgumentException("--checkpoint and --photo-keypoints apply to local jobs only; the workers use their own model and estimate the photo's pose");
            }
        }
        else if (mediaRoot is not null)
        {
            throw new ArgumentException("--media-root applies to --kafka only");
        }

        string? server = parse.GetValue(ServerOption);
        Uri? serverUri = null;
        if (server is not null && (!Uri.TryCreate(server, UriKind.Absolute, out serverUri) || serverUri.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"--server '{server}' is not an http:// or https:// URL");
        }

        if (serverUri is not null && (parse.GetValue(CheckpointOption) is not null || parse.GetValue(PhotoKeypoints) is not null))
        {
            throw new ArgumentException("--checkpoint and --photo-keypoints apply to local jobs only; a server uses its own model and estimates the photo's pose");
        }

        return new BatchSettings
        {
            VideosSource = parse.GetValue(Videos)!,
            PhotoPath = parse.GetValue(Photo)!,
            OutDir = parse.GetValue(Out)!,
            Server = serverUri,
            ApiKey = parse.GetValue(ApiKey) ?? NullIfEmpty(Environment.GetEnvironmentVariable("VUNET_API_KEY")),
            Checkpoint = parse.GetValue(CheckpointOption),
            PhotoKeypoints = parse.GetValue(PhotoKeypoints),
            Threads = parse.GetValue(Threads),
            Overwrite = parse.GetValue(Overwrite),
        };
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
