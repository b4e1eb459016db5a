using System.Collections.Concurrent;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// The pull form of <see cref="IPoseSource"/>: drives a sequence of frames (a <c>FrameInput</c>, a dataset's
/// images) through a source and hands frames and poses back in frame order. Decoding runs on its own thread
/// ahead of the source, so reading the next frame overlaps the network (the pipeline gets the same from its
/// decode stage). A video is one tracked sequence and so goes through one source; independent images may be
/// split over <c>workers</c> sources (each its own network), since nothing carries over between them.
/// </summary>
internal static class FramePoseRunner
{
    private const int QueueDepth = 4;

    /// <summary>
    /// The pose of every frame, by sources from <paramref name="openSource"/>: one, or with more than one
    /// <paramref name="workers"/> one per worker, each seeing only some of the frames (so only for independent
    /// frames). The caller owns each returned frame and must dispose it.
    /// </summary>
    public static IEnumerable<(DecodedFrame Frame, PersonPose Pose)> Run(
        IEnumerable<DecodedFrame> frames, Func<IPoseSource> openSource, int workers = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(openSource);
        workers = Math.Clamp(workers, 1, Environment.ProcessorCount);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var decoded = new BlockingCollection<DecodedFrame>(QueueDepth);
        using var done = new BlockingCollection<(DecodedFrame, PersonPose)>(QueueDepth * 2);
        var sources = new IPoseSource[workers];
        Task[] tasks = [];
        try
        {
            // Open the sources (load the networks) first, so a missing model fails here with its own message.
            for (int w = 0; w < workers; w++)
            {
                sources[w] = openSource();
            }

            Task reader = Task.Run(() => Produce(frames, decoded, cts.Token), cts.Token);
            Task[] estimators = sources
                .Select(s => Task.Run(() => Estimate(s, decoded, done, cts.Token), cts.Token))
                .ToArray();
            Task closer = Task.WhenAll(estimators).ContinueWith(_ => done.CompleteAdding(), TaskScheduler.Default);
            tasks = [reader, .. estimators, closer];

            // Reorder: workers finish images out of order; release them by index.
            var pending = new SortedDictionary<int, (DecodedFrame, PersonPose)>();
            int next = 0;
            foreach ((DecodedFrame frame, PersonPose pose) in done.GetConsumingEnumerable(cts.Token))
            {
                pending[frame.Index] = (frame, pose);
                while (pending.Remove(next, out (DecodedFrame, PersonPose) ready))
                {
                    next++;
                    yield return ready;
                }
            }

            ThrowFirstFailure(tasks);
            foreach ((DecodedFrame frame, PersonPose pose) in pending.Values)
            {
                yield return (frame, pose); // Indices with gaps (not expected): keep order anyway.
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
            foreach (IPoseSource? s in sources)
            {
                s?.Dispose();
            }
        }
    }

    private static void Produce(IEnumerable<DecodedFrame> frames, BlockingCollection<DecodedFrame> output, CancellationToken token)
    {
        try
        {
            foreach (DecodedFrame frame in frames)
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

    private static void Estimate(IPoseSource source, BlockingCollection<DecodedFrame> input,
        BlockingCollection<(DecodedFrame, PersonPose)> output, CancellationToken token)
    {
        foreach (DecodedFrame frame in input.GetConsumingEnumerable(token))
        {
            try
            {
                output.Add((frame, source.PoseOf(frame)), token);
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

    private static void DisposeQueued(BlockingCollection<DecodedFrame> queue)
    {
        while (queue.TryTake(out DecodedFrame? f))
        {
            f.Dispose();
        }
    }

    private static void DisposeQueued(BlockingCollection<(DecodedFrame Frame, PersonPose)> queue)
    {
        while (queue.TryTake(out (DecodedFrame Frame, PersonPose) item))
        {
            item.Frame.Dispose();
        }
    }
}
