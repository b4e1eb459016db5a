using System.Collections.Concurrent;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Estimation;

/// <summary>
/// Runs the estimator over a sequence of frames with the work spread over threads, and hands the
/// results back in frame order. Decoding runs on its own thread ahead of the estimator, so reading
/// the next frame overlaps the network. A video is one tracked sequence and so goes through one
/// tracker; independent images (a folder, a dataset) are split over <c>workers</c> trackers, each with
/// its own network, since nothing carries over from one image to the next.
/// </summary>
public static class PoseEstimationPipeline
{
    private const int QueueDepth = 4;

    /// <summary>
    /// Estimates every frame. The caller owns each returned frame and must dispose it. With
    /// <paramref name="independentFrames"/> each tracker is reset before every frame.
    /// </summary>
    public static IEnumerable<(InputFrame Frame, PoseEstimate Estimate)> Run(
        IEnumerable<InputFrame> frames, PoseEstimatorOptions options, bool independentFrames, int workers = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(options);
        workers = independentFrames ? Math.Clamp(workers, 1, Environment.ProcessorCount) : 1;

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var decoded = new BlockingCollection<InputFrame>(QueueDepth);
        using var done = new BlockingCollection<(InputFrame, PoseEstimate)>(QueueDepth * 2);
        var trackers = new BlazePoseTracker[workers];
        Task[] tasks = [];
        try
        {
            // Load the networks first, so a missing model fails here with its own message.
            for (int w = 0; w < workers; w++)
            {
                trackers[w] = new BlazePoseTracker(options);
            }

            Task reader = Task.Run(() => Produce(frames, decoded, cts.Token), cts.Token);
            Task[] estimators = trackers
                .Select(t => Task.Run(() => Estimate(t, independentFrames, decoded, done, cts.Token), cts.Token))
                .ToArray();
            Task closer = Task.WhenAll(estimators).ContinueWith(_ => done.CompleteAdding(), TaskScheduler.Default);
            tasks = [reader, .. estimators, closer];

            // Reorder: workers finish images out of order; release them by index.
            var pending = new SortedDictionary<int, (InputFrame, PoseEstimate)>();
            int next = 0;
            foreach ((InputFrame frame, PoseEstimate estimate) in done.GetConsumingEnumerable(cts.Token))
            {
                pending[frame.Index] = (frame, estimate);
                while (pending.Remove(next, out (InputFrame, PoseEstimate) ready))
                {
                    next++;
                    yield return ready;
                }
            }

            ThrowFirstFailure(tasks);
            foreach ((InputFrame frame, PoseEstimate estimate) in pending.Values)
            {
                yield return (frame, estimate); // Indices with gaps (not expected): keep order anyway.
            }
        }
        finally
        {
            cts.Cancel();
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException)
            {
                // Failures were reported above; cancellation of the helpers is expected here.
            }

            DisposeQueued(decoded);
            DisposeQueued(done);
            foreach (BlazePoseTracker? t in trackers)
            {
                t?.Dispose();
            }
        }
    }

    private static void Produce(IEnumerable<InputFrame> frames, BlockingCollection<InputFrame> output, CancellationToken token)
    {
        try
        {
            foreach (InputFrame frame in frames)
            {
                try
                {
                    output.Add(frame, token);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }
            }
        }
        finally
        {
            output.CompleteAdding();
        }
    }

    private static void Estimate(BlazePoseTracker tracker, bool reset, BlockingCollection<InputFrame> input,
        BlockingCollection<(InputFrame, PoseEstimate)> output, CancellationToken token)
    {
        foreach (InputFrame frame in input.GetConsumingEnumerable(token))
        {
            try
            {
                if (reset)
                {
                    tracker.Reset();
                }

                output.Add((frame, tracker.Estimate(frame.Image)), token);
            }
            catch
            {
                frame.Dispose();
                throw;
            }
        }
    }

    private static void ThrowFirstFailure(Task[] tasks)
    {
        foreach (Task t in tasks)
        {
            if (t.IsFaulted && t.Exception is { } ex)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException ?? ex).Throw();
            }
        }
    }

    private static void DisposeQueued(BlockingCollection<InputFrame> queue)
    {
        while (queue.TryTake(out InputFrame? f))
        {
            f.Dispose();
        }
    }

    private static void DisposeQueued(BlockingCollection<(InputFrame Frame, PoseEstimate)> queue)
    {
        while (queue.TryTake(out (InputFrame Frame, PoseEstimate) item))
        {
            item.Frame.Dispose();
        }
    }
}
