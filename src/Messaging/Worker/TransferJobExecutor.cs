using VUnetStream.Application;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Service;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Queue;
using VUnetStream.Synth.Output;

namespace VUnetStream.Messaging.Worker;

/// <summary>
/// The real job: the motion transfer on this worker's <see cref="TransferService"/> (models load once per
/// worker), with the request the embedded mode would build. The service writes the output under a
/// temporary name and renames it when complete, which is the durability the worker relies on.
/// </summary>
internal sealed class TransferJobExecutor(TransferService transfer, WorkerOptions options) : IJobExecutor
{
    public async Task ExecuteAsync(WorkerJob job, Action<int, int> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        if (job.Job.Source == JobSource.Example)
        {
            // The example's inputs are made where the job runs (seed 7, 256 px, as `vunet demo`).
            await ClipGenerator.WriteAsync(
                new ClipOptions { OutDir = Path.GetDirectoryName(job.Job.VideoPath)!, Seed = 7, Seconds = job.Message.ExampleSeconds, Size = 256, Fps = 25, Overwrite = true },
                cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(job.OutputPath)!);
        var service = new ServiceOptions { Checkpoint = options.Checkpoint, Threads = options.Threads, MediaRoot = options.MediaRoot };
        TransferVideoRequest request = JobRequests.For(job.Job, job.OutputPath, service);
        using var metrics = new PipelineMetrics();
        await transfer.RunAsync(request, metrics, e =>
        {
            if (e.Kind == TransferJobEventKind.Progress)
            {
                progress(e.FramesDone, e.FramesTotal);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
