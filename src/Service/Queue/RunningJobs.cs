using System.Collections.Concurrent;
using System.Diagnostics;
using VUnetStream.Application.Preview;
using VUnetStream.Pipeline.Metrics;

namespace VUnetStream.Service.Queue;

/// <summary>
/// What the service knows about the jobs running now and nobody else needs to store: their progress,
/// their live frames, their pipeline meters, and how to cancel them.
/// </summary>
public sealed class RunningJobs : Jobs.IJobCancellation
{
    private readonly ConcurrentDictionary<string, RunningJob> _jobs = new();
    private readonly ConcurrentDictionary<string, bool> _cancelRequests = new();

    public RunningJob? Find(string id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyCollection<RunningJob> All => _jobs.Values.ToArray();

    internal RunningJob Add(string id, CancellationTokenSource cancel, PipelineMetrics metrics)
    {
        var job = new RunningJob(id, cancel, metrics);
        _jobs[id] = job;

        // A cancel that came between the store's claim and this registration is not lost.
        if (_cancelRequests.TryRemove(id, out _))
        {
            job.Cancel();
        }

        return job;
    }

    internal void Remove(string id)
    {
        _jobs.TryRemove(id, out _);
        _cancelRequests.TryRemove(id, out _);
    }

    public void RequestStop(string id) => Cancel(id);

    /// <summary>Asks a running job to stop; remembered if the job is claimed but not registered yet.</summary>
    public void Cancel(string id)
    {
        if (_jobs.TryGetValue(id, out RunningJob? job))
        {
            job.Cancel();
        }
        else
        {
            _cancelRequests[id] = true;
            if (_jobs.TryGetValue(id, out job))
            {
                job.Cancel();
            }
        }
    }
}

/// <summary>One running job: progress, live frames, meters and its stop switch.</summary>
public sealed class RunningJob(string id, CancellationTokenSource cancel, PipelineMetrics metrics)
{
    private long _started = Stopwatch.GetTimestamp();
    private int _framesDone;
    private int _framesTotal;
    private volatile bool _cancelRequested;

    public string Id { get; } = id;

    public FrameBroadcaster LiveFrames { get; } = new();

    public PipelineMetrics Metrics { get; } = metrics;

    public int FramesDone => Volatile.Read(ref _framesDone);

    public int FramesTotal => Volatile.Read(ref _framesTotal);

    /// <summary>Time since the transfer itself started (not counting the wait for the service or the example's making).</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Volatile.Read(ref _started));

    /// <summary>A client cancelled it (as opposed to the service stopping).</summary>
    public bool CancelRequested => _cancelRequested;

    internal void TransferStarted() => Volatile.Write(ref _started, Stopwatch.GetTimestamp());

    internal void Progress(int done, int total)
    {
        Volatile.Write(ref _framesDone, done);
        Volatile.Write(ref _framesTotal, total);
    }

    internal void Cancel()
    {
        _cancelRequested = true;
        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job ended meanwhile.
        }
    }
}
