using System.CommandLine;
using VUnetStream.Cli.Output;
using VUnetStream.Cli.ServiceBench;
using VUnetStream.Core.Reporting;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet bench service</c>: a bounded load test of the job service in this process (Kafka mode on a
/// mock cluster with in-process workers, and the embedded mode), plus one worker's overhead against a
/// direct run of the same clip.
/// </summary>
internal static class BenchServiceCommand
{
    public static Command Create()
    {
        var jobs = new Option<int>("--jobs") { Description = "Jobs submitted at once per mode", DefaultValueFactory = _ => 50 };
        var seconds = new Option<double>("--seconds") { Description = "Length of the synthetic clip every job renders", DefaultValueFactory = _ => 1 };
        var clipSize = new Option<int>("--clip-size") { Description = "Size of the synthetic dancer video (square)", DefaultValueFactory = _ => 128 };
        var mode = new Option<string>("--mode") { Description = "kafka (mock cluster, in-process workers), embedded (the API runs the jobs) or both", DefaultValueFactory = _ => "both" };
        var workers = new Option<int>("--workers") { Description = "Kafka workers (and the embedded mode's concurrency)", DefaultValueFactory = _ => 2 };
        var threads = new Option<int>("--threads") { Description = "Torch threads per job in the load runs (0 = the cores shared among the workers)", DefaultValueFactory = _ => 0 };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Model checkpoint (default: the built-in default model)" };
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to this file (- for standard output)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var command = new Command("service", "Load test of the job service: jobs/minute, job latency and GET /jobs latency percentiles (Kafka mode with 2 workers, embedded mode), and one worker's overhead against a direct run.")
        {
            jobs, seconds, clipSize, mode, workers, threads, checkpoint, json, overwrite,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? jsonPath = parse.GetValue(json);
            PathChecks.Check(PathChecks.Inputs(("--checkpoint", parse.GetValue(checkpoint))), parse.GetValue(overwrite), JsonOutput.Targets(jsonPath));
            (bool kafka, bool embedded) = parse.GetValue(mode) switch
            {
                "kafka" => (true, false),
                "embedded" => (false, true),
                "both" => (true, true),
                var other => throw new ArgumentException($"unknown --mode '{other}' (use kafka, embedded or both)"),
            };
            var settings = new ServiceBenchSettings
            {
                Jobs = parse.GetValue(jobs),
                Seconds = parse.GetValue(seconds),
                ClipSize = parse.GetValue(clipSize),
                Kafka = kafka,
                Embedded = embedded,
                Workers = parse.GetValue(workers),
                Threads = parse.GetValue(threads),
                Checkpoint = parse.GetValue(checkpoint),
            };
            settings.Validate();
            string work = Directory.CreateTempSubdirectory("vunet-bench-service-").FullName;
            try
            {
                MeasurementReport report = await ServiceBenchmark.RunAsync(settings, work, m => Console.Error.WriteLine($"bench service: {m}"), cancellationToken).ConfigureAwait(false);
                JsonOutput.Report(report, jsonPath, parse.GetValue(overwrite), parse, blankLineAfterTable: true);
                return 0;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        });
        return command;
    }
}
