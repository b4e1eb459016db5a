using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VUnetStream.Application;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Storage;
using VUnetStream.Service.Telemetry;
using VUnetStream.Synth.Output;

namespace VUnetStream.Service.Queue;

/// <summary>
/// The service's workers: at start the jobs a previous process left running go back to the queue and every
/// queued job is queued again; then <see cref="ServiceOptions.Concurrency"/> loops take jobs from the
/// queue and run them on the one shared <see cref="TransferService"/> (which loads each model once).
/// When the service stops, a running job is cancelled and put back in the queue, to run again next time.
/// </summary>
internal sealed class JobRunner(
    JobStore store,
    JobQueue queue,
    DataFolder data,
    TransferService transfer,
    RunningJobs running,
    ServiceMetrics metrics,
    ServiceOptions options,
    ILogger<JobRunner> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int requeued = store.RequeueInterrupted();
        if (requeued > 0)
        {
            log.LogWarning("{Count} job(s) were running when the service last stopped; they are queued again", requeued);
        }

        Task[] loops = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None)).ToArray();
        try
        {
            foreach (string id in store.QueuedIds())
            {
                await queue.EnqueueAsync(id, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (string id in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunAsync(id, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(string id, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested || !store.TryClaim(id, DateTimeOffset.UtcNow))
        {
            return;
        }

        ServiceJob job = store.Get(id)!;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var pipelineMetrics = new PipelineMetrics();
        RunningJob run = running.Add(id, cancel, pipelineMetrics);
        long started = Stopwatch.GetTimestamp();
        try
        {
            if (job.Source == JobSource.Example)
            {
                await WriteExampleAsync(job, cancel.Token).ConfigureAwait(false);
            }

            TransferVideoRequest request = JobRequests.For(job, data.ResultPath(id), options);
            JobSummary summary = await transfer.RunAsync(request, pipelineMetrics, run.LiveFrames, e =>
            {
                switch (e.Kind)
                {
                    case TransferJobEventKind.Started:
                        run.TransferStarted();
                        break;
                    case TransferJobEventKind.Progress:
                        run.Progress(e.FramesDone, e.FramesTotal);
                        break;
                }
            }, cancel.Token).ConfigureAwait(false);
            store.Finish(id, JobState.Succeeded, summary.Frames, Math.Max(summary.Frames, run.FramesTotal), null, DateTimeOffset.UtcNow);
            metrics.JobFinished(JobState.Succeeded, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (run.CancelRequested)
        {
            store.Finish(id, JobState.Cancelled, run.FramesDone, run.FramesTotal, null, DateTimeOffset.UtcNow);
            metrics.JobFinished(JobState.Cancelled, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The service stops, the job is not at fault: it runs again from the start next time.
            store.Requeue(id);
            log.LogInformation("job {Id} stopped with the service; it stays queued", id);
        }
        catch (Exception ex)
        {
            store.Finish(id, JobState.Failed, run.FramesDone, run.FramesTotal, ServerPaths.Hide(ex.Message, job, data), DateTimeOffset.UtcNow);
            metrics.JobFinished(JobState.Failed, Stopwatch.GetElapsedTime(started));
            log.LogWarning("job {Id} failed: {Message}", id, ex.Message);
        }
        finally
        {
            running.Remove(id);
            run.LiveFrames.Finish();
        }
    }

    /// <summary>The built-in example's inputs, as `vunet demo` makes them (seed 7, 256 px, 25 frames/s).</summary>
    private async Task WriteExampleAsync(ServiceJob job, CancellationToken cancellationToken)
    {
        string folder = data.ExampleFolder(job.Id);
        await ClipGenerator.WriteAsync(
            new ClipOptions { OutDir = folder, Seed = 7, Seconds = options.ExampleSeconds, Size = 256, Fps = 25, Overwrite = true },
            cancellationToken).ConfigureAwait(false);
    }
}
