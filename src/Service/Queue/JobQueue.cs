using System.Threading.Channels;

namespace VUnetStream.Service.Queue;

/// <summary>
/// The ids of jobs waiting to run, in a bounded channel the runner loops read. The store is the truth
/// (a loop claims a job there before running it), so an id that is queued twice or was cancelled meanwhile
/// is simply skipped.
/// </summary>
public sealed class JobQueue(ServiceOptions options)
{
    private readonly Channel<string> _ids = Channel.CreateBounded<string>(new BoundedChannelOptions(options.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = false,
    });

    public ChannelReader<string> Reader => _ids.Reader;

    /// <summary>Adds a new job; false when the queue is full.</summary>
    public bool TryEnqueue(string id) => _ids.Writer.TryWrite(id);

    /// <summary>Adds a job found in the store at start-up, waiting for room.</summary>
    public ValueTask EnqueueAsync(string id, CancellationToken cancellationToken) => _ids.Writer.WriteAsync(id, cancellationToken);
}
