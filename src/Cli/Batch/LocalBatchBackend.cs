using System.Diagnostics;
using VUnetStream.Application;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;

namespace VUnetStream.Cli.Batch;

/// <summary>
/// Runs the jobs in this process, one after another, with the same application code as `transfer-video`
/// (one <see cref="TransferService"/>, so the model loads once). A job that fails (a video that does not
/// decode, no person found) fails its row and the next one runs; a cancellation ends the batch.
/// </summary>
internal sealed class LocalBatchBackend(TransferService service, BatchSettings settings) : IBatchBackend
{
    public async Task<IReadOnlyList<BatchRow>> RunAsync(IReadOnlyList<BatchJob> jobs, BatchProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(progress);
        var rows = new List<BatchRow>();
        foreach (BatchJob job in jobs)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                rows.Add(new BatchRow(job.Video.Name, BatchState.Cancelled, 0, 0, null, "the batch was cancelled"));
                continue;
            }

            rows.Add(await RunOneAsync(job, progress, cancellationToken).ConfigureAwait(false));
            progress.Ended(job.Video.Name);
        }

        return rows;
    }

    private async Task<BatchRow> RunOneAsync(BatchJob job, BatchProgress progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var request = new TransferVideoRequest
        {
            VideoPath = job.Video.Path,
            PhotoPath = settings.PhotoPath,
            PhotoKeypoints = settings.PhotoKeypoints,
            OutputPath = job.Output,
            Checkpoint = settings.Checkpoint,
            Threads = settings.Threads,
            Overwrite = settings.Overwrite,
        };
        try
        {
            TransferRequestChecks.CheckPaths(request);
            using var metrics = new PipelineMetrics();
            JobSummary summary = await service.RunAsync(request, metrics, e =>
                {
                    if (e.Kind == TransferJobEventKind.Progress)
                    {
                        progress.Report(job.Video.Name, e.FramesDone, e.FramesTotal);
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return new BatchRow(job.Video.Name, BatchState.Succeeded, summary.Frames, clock.Elapsed.TotalSeconds, job.Output, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BatchRow(job.Video.Name, BatchState.Cancelled, 0, clock.Elapsed.TotalSeconds, null, "cancelled");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Any failure of one video is that video's row; the batch goes on with the next.
            return BatchRow.Failed(job.Video.Name, ex.Message, clock.Elapsed.TotalSeconds);
        }
    }
}
