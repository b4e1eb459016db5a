using VUnetStream.Service.Queue;
using VUnetStream.Service.Storage;

namespace VUnetStream.Service.Jobs;

/// <summary>What happened to a cancel request.</summary>
public enum CancelOutcome
{
    NotFound,

    /// <summary>It was queued and is now cancelled.</summary>
    Cancelled,

    /// <summary>It is running and has been told to stop; it ends as cancelled shortly.</summary>
    Stopping,

    /// <summary>It had already ended; nothing changed.</summary>
    AlreadyFinished,
}

/// <summary>Jobs as clients see them: the store's record with the live progress of a running job; and cancelling.</summary>
public sealed class JobLookup(JobStore store, RunningJobs running, IJobCancellation cancellation)
{
    public IReadOnlyList<ServiceJob> List() => store.List().Select(WithProgress).ToArray();

    public ServiceJob? Find(string id) => JobIds.IsWellFormed(id) && store.Get(id) is { } job ? WithProgress(job) : null;

    public CancelOutcome Cancel(string id)
    {
        ServiceJob? job = Find(id);
        if (job is null)
        {
            return CancelOutcome.NotFound;
        }

        if (job.State == JobState.Queued && store.TryCancelQueued(id, DateTimeOffset.UtcNow))
        {
            // In the Kafka mode its message may already be on the jobs topic: the workers must skip it.
            cancellation.RequestStop(id);
            return CancelOutcome.Cancelled;
        }

        // Claimed meanwhile, or running: tell the runner.
        if (store.Get(id)!.State == JobState.Running)
        {
            cancellation.RequestStop(id);
            return CancelOutcome.Stopping;
        }

        return CancelOutcome.AlreadyFinished;
    }

    private ServiceJob WithProgress(ServiceJob job) =>
        job.State == JobState.Running && running.Find(job.Id) is { } run
            ? job with { FramesDone = run.FramesDone, FramesTotal = run.FramesTotal }
            : job;
}
