namespace VUnetStream.Core.Reporting;

/// <summary>
/// Busy threads that compete for the cores while a benchmark runs, so that one command measures both a
/// quiet machine and a contended one (the condition a thread-waiting policy must also survive: other
/// jobs, the encoder, the pose stage). Each thread spins until disposed.
/// </summary>
public sealed class BackgroundLoad : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;

    private BackgroundLoad(int threads)
    {
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Spin) { IsBackground = true, Name = $"bench-load-{i}" };
            _threads[i].Start(_stop.Token);
        }
    }

    /// <summary>How many busy threads run.</summary>
    public int Threads => _threads.Length;

    /// <summary>For report headers: "no background load" or "2 busy background threads".</summary>
    public string Description => Threads == 0 ? "no background load" : $"{Threads} busy background thread{(Threads == 1 ? "" : "s")}";

    /// <summary>Starts <paramref name="threads"/> spinning threads (0 = none).</summary>
    public static BackgroundLoad Start(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        return new BackgroundLoad(threads);
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        _stop.Dispose();
    }

    private static void Spin(object? state)
    {
        var token = (CancellationToken)state!;
        double x = 1.0;
        while (!token.IsCancellationRequested)
        {
            // Real arithmetic, not a pause loop: the core stays as busy as another process would keep it.
            for (int i = 0; i < 10_000; i++)
            {
                x = (x * 1.000001) + 1e-9;
            }
        }

        GC.KeepAlive(x);
    }
}
