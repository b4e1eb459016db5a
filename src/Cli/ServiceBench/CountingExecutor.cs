using System.Diagnostics;
using VUnetStream.Messaging.Worker;

namespace VUnetStream.Cli.ServiceBench;

/// <summary>
/// A worker's job executor with a tally: jobs it ran to an output and the time it spent in jobs, so the
/// benchmark can show each worker's count and busy share (the worker itself only counts completions).
/// </summary>
internal sealed class CountingExecutor(IJobExecutor inner) : IJobExecutor
{
    private long _busyTicks;
    private int _jobs;

    public int Jobs => Volatile.Read(ref _jobs);

    public TimeSpan Busy => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));

    public async Task ExecuteAsync(WorkerJob job, Action<int, int> progress, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await inner.ExecuteAsync(job, progress, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _jobs);
        }
        finally
        {
            Interlocked.Add(ref _busyTicks, Stopwatch.GetElapsedTime(start).Ticks);
        }
    }
}
