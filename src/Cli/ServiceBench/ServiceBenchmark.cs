using System.Diagnostics;
using VUnetStream.Application;
using VUnetStream.Core.Reporting;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Synth.Output;

namespace VUnetStream.Cli.ServiceBench;

/// <summary>
/// `vunet bench service`: a bounded load test of the job service on one synthetic clip. Per mode (Kafka
/// with N in-process workers on a mock cluster; embedded with concurrency N): N jobs submitted at once
/// through the HTTP API, jobs per minute, per-job latency percentiles (submit to seen succeeded), and the
/// latency of GET /jobs polled every 100 ms meanwhile. Then the service's overhead: one job through one
/// worker (all cores) against the same clip through <see cref="TransferService"/> directly, as frames/s.
/// </summary>
internal static class ServiceBenchmark
{
    public static async Task<MeasurementReport> RunAsync(ServiceBenchSettings settings, string work, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        settings.Validate();
        double loadAtStart = ModelBenchmark.LoadAverage();
        string cpu = CpuFeatures.Summary;
        log($"{Environment.ProcessorCount} cores, CPU flags: {(cpu.Length > 0 ? cpu : "none of note")}, load average at start {loadAtStart:0.00}");

        string media = Directory.CreateDirectory(Path.Combine(work, "media")).FullName;
        string clip = Path.Combine(media, "clip");
        log($"making a {settings.Seconds:0.##} s synthetic clip, {settings.ClipSize} px");
        await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clip, Seconds = settings.Seconds, Size = settings.ClipSize, Seed = 11 }, cancellationToken).ConfigureAwait(false);

        // Paths inside the media root, as a client of `serve --media-root` names them; the poses are
        // estimated by each job (BlazePose), as for any client's video.
        var submission = new { video_path = $"clip/{ClipGenerator.VideoFile}", photo_path = $"clip/{ClipGenerator.PersonFile}" };
        var report = new MeasurementReport($"bench service: {settings.Jobs} jobs of a {settings.Seconds:0.##} s {settings.ClipSize}² clip, "
            + $"{settings.Workers} worker(s) × {settings.ThreadsPerJob} thread(s), {Environment.ProcessorCount} cores, CPU {cpu}");
        report.Add("load_average_start", loadAtStart, "", $"1-min load average at the start ({Environment.ProcessorCount} cores)");
        report.Add("cpu_features", cpu);
        // Generous (a job of a 1-s clip takes a few seconds) but ending before a caller's own limit, so a stalled
        // run says which jobs it waited for instead of being killed silently.
        TimeSpan timeout = TimeSpan.FromSeconds(60 + (settings.Jobs * 20 * Math.Max(1, settings.Seconds)));

        if (settings.Kafka)
        {
            log($"kafka: mock cluster, API, {settings.Workers} workers in this process; {settings.Jobs} jobs");
            await using InProcessServices kafka = await InProcessServices.StartKafkaAsync(
                Path.Combine(work, "kafka"), media, settings.Workers, settings.Checkpoint, settings.ThreadsPerJob, cancellationToken).ConfigureAwait(false);
            LoadResult result = await LoadRun.RunAsync(kafka.Api, settings.Jobs, submission, settings.PollInterval, timeout, cancellationToken).ConfigureAwait(false);
            AddLoad(report, "kafka", result, log);
            foreach (BenchWorker worker in kafka.Workers)
            {
                double share = worker.Executor.Busy.TotalSeconds / result.Seconds;
                log($"kafka: worker {worker.Name}: {worker.Executor.Jobs} jobs, busy {share:P0} of the run");
                report.Add($"kafka_worker_{worker.Name}_jobs", worker.Executor.Jobs, "", $"jobs worker {worker.Name} ran to an output");
                report.Add($"kafka_worker_{worker.Name}_busy_share", share, "", $"time worker {worker.Name} spent in jobs / the run's duration");
            }
        }

        if (settings.Embedded)
        {
            log($"embedded: API running the jobs itself, concurrency {settings.Workers}; {settings.Jobs} jobs");
            await using InProcessServices embedded = await InProcessServices.StartEmbeddedAsync(
                Path.Combine(work, "embedded"), media, settings.Workers, settings.Checkpoint, settings.ThreadsPerJob, cancellationToken).ConfigureAwait(false);
            LoadResult result = await LoadRun.RunAsync(embedded.Api, settings.Jobs, submission, settings.PollInterval, timeout, cancellationToken).ConfigureAwait(false);
            AddLoad(report, "embedded", result, log);
        }

        if (settings.Kafka)
        {
            await MeasureOverheadAsync(report, settings, work, media, submission, log, cancellationToken).ConfigureAwait(false);
        }

        double loadAtEnd = ModelBenchmark.LoadAverage();
        log($"load average at the end {loadAtEnd:0.00}");
        report.Add("load_average_end", loadAtEnd, "", "1-min load average at the end: above the core count, other work slowed the run");
        return report;
    }

    private static void AddLoad(MeasurementReport report, string mode, LoadResult result, Action<string> log)
    {
        log($"{mode}: {result.Succeeded} of {result.Jobs} succeeded in {result.Seconds:0.0} s ({result.JobsPerMinute:0.0} jobs/min)"
            + (result.FirstError is null ? "" : $"; first error: {result.FirstError}"));
        report.Add($"{mode}_jobs_succeeded", result.Succeeded, "", $"of {result.Jobs} submitted at once");
        report.Add($"{mode}_jobs_failed", result.Failed, "", "failed or cancelled");
        report.Add($"{mode}_duration", result.Seconds, "s", "first submit to the last job seen ended");
        report.Add($"{mode}_job_rate", result.JobsPerMinute, "jobs/min", "succeeded jobs over the whole run");
        foreach (int p in new[] { 50, 95, 99 })
        {
            report.Add($"{mode}_job_latency_p{p}", Percentiles.Of(result.JobLatencies, p), "s", $"submit to seen succeeded, {p}th percentile (queueing included)");
        }

        foreach (int p in new[] { 50, 95, 99 })
        {
            report.Add($"{mode}_list_latency_p{p}", Percentiles.Of(result.ListLatencies, p), "s", $"GET /jobs under the load, {p}th percentile");
        }

        report.Add($"{mode}_list_requests", result.ListLatencies.Length, "", "GET /jobs requests made (one per poll interval)");
    }

    /// <summary>
    /// One warm job through one worker (all cores; submit to seen succeeded, watched every 20 ms) against
    /// the same clip through a warm TransferService directly, before and after (their mean, so a drift of
    /// a shared machine's speed does not land on one side only). Both estimate the poses, as jobs do.
    /// </summary>
    private static async Task MeasureOverheadAsync(MeasurementReport report, ServiceBenchSettings settings, string work, string media, object submission, Action<string> log, CancellationToken cancellationToken)
    {
        TimeSpan timeout = TimeSpan.FromSeconds(120 + (60 * settings.Seconds));
        using var direct = new TransferService();
        var request = new TransferVideoRequest
        {
            VideoPath = Path.Combine(media, "clip", ClipGenerator.VideoFile),
            PhotoPath = Path.Combine(media, "clip", ClipGenerator.PersonFile),
            OutputPath = Path.Combine(work, "direct-result.mp4"),
            Checkpoint = settings.Checkpoint,
            Threads = 0,
            Overwrite = true,
        };
        log("overhead: a warm-up job through TransferService directly");
        await RunDirectAsync(direct, request, cancellationToken).ConfigureAwait(false);
        (double before, int frames) = await RunDirectAsync(direct, request, cancellationToken).ConfigureAwait(false);
        log($"overhead: direct {frames} frames in {before:0.00} s");

        double serviceSeconds;
        await using (InProcessServices kafka = await InProcessServices.StartKafkaAsync(Path.Combine(work, "overhead"), media, workers: 1, settings.Checkpoint, threads: 0, cancellationToken).ConfigureAwait(false))
        {
            log("overhead: a warm-up job through one Kafka worker");
            await LoadRun.RunOneAsync(kafka.Api, submission, timeout, cancellationToken).ConfigureAwait(false);
            (serviceSeconds, int serviceFrames) = await LoadRun.RunOneAsync(kafka.Api, submission, timeout, cancellationToken).ConfigureAwait(false);
            log($"overhead: one worker {serviceFrames} frames in {serviceSeconds:0.00} s (submit to seen succeeded)");
        }

        (double after, _) = await RunDirectAsync(direct, request, cancellationToken).ConfigureAwait(false);
        log($"overhead: direct again {after:0.00} s");
        double directFps = frames / ((before + after) / 2);
        double serviceFps = frames / serviceSeconds;
        report.Add("clip_frames", frames, "", "frames of the clip every job renders");
        report.Add("direct_frame_rate", directFps, "frames/s", "the clip through TransferService directly (warm, all cores), mean of before and after");
        report.Add("direct_frame_rate_before", frames / before, "frames/s", "directly, before the worker's job");
        report.Add("direct_frame_rate_after", frames / after, "frames/s", "directly, after the worker's job");
        report.Add("worker_frame_rate", serviceFps, "frames/s", "the clip as one job through one Kafka worker (warm, all cores), submit to seen succeeded");
        report.Add("service_overhead_ratio", serviceFps / directFps, "", "worker_frame_rate / direct_frame_rate; goal ≥ 0.95");
    }

    private static async Task<(double Seconds, int Frames)> RunDirectAsync(TransferService transfer, TransferVideoRequest request, CancellationToken cancellationToken)
    {
        using var metrics = new PipelineMetrics();
        var clock = Stopwatch.StartNew();
        JobSummary summary = await transfer.RunAsync(request, metrics, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (clock.Elapsed.TotalSeconds, summary.Frames);
    }
}
