using VUnetStream.Messaging.Messages;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Storage;
using VUnetStream.Service.Telemetry;

namespace VUnetStream.Messaging.Api;

/// <summary>
/// A worker's event as a change of the job store. Every change is conditional on the state it leaves
/// (see <see cref="JobStore"/>), so a duplicate event (at-least-once delivery, a redelivered job) changes
/// nothing: a job succeeds once, whatever number of "succeeded" arrive.
/// </summary>
internal sealed class JobEventApplier(JobStore store, ServiceMetrics metrics)
{
    public void Apply(JobEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!JobIds.IsWellFormed(e.JobId))
        {
            return;
        }

        switch (e.Kind)
        {
            case JobEventKind.Started:
                store.MarkStarted(e.JobId, e.At);
                break;
            case JobEventKind.Progress:
                store.Progress(e.JobId, e.FramesDone, e.FramesTotal);
                break;
            case JobEventKind.Released:
                store.Requeue(e.JobId);
                break;
            case JobEventKind.Succeeded:
                Finish(e, JobState.Succeeded, null);
                break;
            case JobEventKind.Failed:
                Finish(e, JobState.Failed, e.Error ?? "failed");
                break;
            case JobEventKind.Cancelled:
                Finish(e, JobState.Cancelled, null);
                break;
            case JobEventKind.Retrying:
                break;
        }
    }

    private void Finish(JobEvent e, JobState state, string? error)
    {
        // A redelivered job whose output existed reports success without a "started" first.
        if (store.Get(e.JobId) is { State: JobState.Queued })
        {
            store.MarkStarted(e.JobId, e.At);
        }

        ServiceJob? job = store.Get(e.JobId);
        if (job is { State: JobState.Running } && store.Finish(e.JobId, state, e.FramesDone, Math.Max(e.FramesDone, e.FramesTotal), error, e.At))
        {
            metrics.JobFinished(state, job.StartedAt is { } started ? e.At - started : TimeSpan.Zero);
        }
    }
}
