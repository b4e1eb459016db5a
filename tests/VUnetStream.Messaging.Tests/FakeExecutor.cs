using System.Collections.Concurrent;
using VUnetStream.Messaging.Worker;

namespace VUnetStream.Messaging.Tests;

/// <summary>
/// A job executor that takes a set time and writes a small output the way the real one does (temporary
/// name, then rename), so the Kafka contract is tested in seconds; it fails jobs that <see cref="Fails"/> picks.
/// </summary>
internal sealed class FakeExecutor(TimeSpan duration) : IJobExecutor
{
    private readonly ConcurrentQueue<(string JobId, string Worker)> _runs = new();
    private readonly ConcurrentDictionary<string, int> _started = new();

    public Func<WorkerJob, bool> Fails { get; init; } = _ => false;

    /// <summary>How long one job takes; by default <c>duration</c>.</summary>
    public Func<WorkerJob, int, TimeSpan>? Duration { get; init; }

    /// <summary>Runs that wrote their output: (job id, worker).</summary>
    public IReadOnlyList<(string JobId, string Worker)> Completed => _runs.ToArray();

    public int Started(string jobId) => _started.GetValueOrDefault(jobId);

    public int StartedTotal => _started.Values.Sum();

    /// <summary>A view for one worker, so runs can be told apart.</summary>
    public IJobExecutor For(string worker) => new Named(this, worker);

    public Task ExecuteAsync(WorkerJob job, Action<int, int> progress, CancellationToken cancellationToken) =>
        ExecuteAsync(job, progress, "?", cancellationToken);

    private async Task ExecuteAsync(WorkerJob job, Action<int, int> progress, string worker, CancellationToken cancellationToken)
    {
        int attempt = _started.AddOrUpdate(job.Message.Id, 1, (_, n) => n + 1);
        TimeSpan length = Duration?.Invoke(job, attempt) ?? duration;
        for (int frame = 1; frame <= 4; frame++)
        {
            await Task.Delay(length / 4, cancellationToken);
            progress(frame, 4);
        }

        if (Fails(job))
        {
            throw new InvalidDataException("the video does not decode (corrupt file)");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(job.OutputPath)!);
        string partial = job.OutputPath + ".partial";
        await File.WriteAllTextAsync(partial, job.Message.Id, cancellationToken);
        File.Move(partial, job.OutputPath);
        _runs.Enqueue((job.Message.Id, worker));
    }

    private sealed class Named(FakeExecutor inner, string worker) : IJobExecutor
    {
        public Task ExecuteAsync(WorkerJob job, Action<int, int> progress, CancellationToken cancellationToken) =>
            inner.ExecuteAsync(job, progress, worker, cancellationToken);
    }
}
