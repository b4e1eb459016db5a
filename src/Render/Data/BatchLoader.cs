using System.Collections.Concurrent;

namespace VUnetStream.Render.Data;

/// <summary>
/// Prepares training batches on a background thread (decode, pad, resize, stickman, part crops: all
/// CPU work) while the training thread runs the model. Batch t holds the samples of
/// <see cref="EpochOrder.Batch"/>(t), so the sequence depends only on the seed and the start step.
/// A failure on the loader thread is rethrown by <see cref="Take"/>. With <see cref="AppearancePartners"/>, each
/// image's part crops come from its partner (another image of the same person), also a function of (seed, step).
/// </summary>
internal sealed class BatchLoader : IDisposable
{
    private readonly BlockingCollection<(long Step, ModelInputs? Batch, Exception? Error)> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public BatchLoader(PoseDataset dataset, int batchSize, long seed, long startStep, int size, int boxFactor, int prefetch, AppearancePartners? partners = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(prefetch);
        var order = new EpochOrder(dataset.Count, seed);
        _queue = new BlockingCollection<(long, ModelInputs?, Exception?)>(prefetch);
        _thread = new Thread(() => Run(dataset, order, partners, batchSize, startStep, size, boxFactor))
        {
            IsBackground = true,
            Name = "vunet-batch-loader",
        };
        _thread.Start();
    }

    /// <summary>The next batch; <paramref name="expectedStep"/> guards against a consumer losing count.</summary>
    public ModelInputs Take(long expectedStep, CancellationToken cancellationToken = default)
    {
        (long step, ModelInputs? batch, Exception? error) = _queue.Take(cancellationToken);
        if (error is not null)
        {
            throw error is InvalidDataException or IOException
                ? error
                : new InvalidOperationException($"the batch loader failed: {error.Message}", error);
        }

        if (step != expectedStep)
        {
            batch?.Dispose();
            throw new InvalidOperationException($"batch loader out of step: expected batch {expectedStep}, got {step}");
        }

        return batch!;
    }

    private void Run(PoseDataset dataset, EpochOrder order, AppearancePartners? partners, int batchSize, long startStep, int size, int boxFactor)
    {
        try
        {
            for (long step = startStep; !_stop.IsCancellationRequested; step++)
            {
                int[] indices = order.Batch(step, batchSize);
                PoseSample[] samples = indices.Select(i => dataset.Samples[i]).ToArray();
                PoseSample[]? appearance = partners is null
                    ? null
                    : indices.Select((index, slot) => dataset.Samples[partners.Partner(step, slot, index)]).ToArray();
                ModelInputs batch = ModelInputs.Load(samples, size, boxFactor, appearance);
                try
                {
                    _queue.Add((step, batch, null), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    batch.Dispose();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            try
            {
                _queue.Add((-1, null, ex), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping anyway.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        // Drain so a loader blocked on a full queue can see the cancellation, then free what it made.
        while (_queue.TryTake(out var item))
        {
            item.Batch?.Dispose();
        }

        _thread.Join();
        while (_queue.TryTake(out var item))
        {
            item.Batch?.Dispose();
        }

        _queue.Dispose();
        _stop.Dispose();
    }
}
