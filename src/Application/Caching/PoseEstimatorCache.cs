using VUnetStream.Pose.Estimation;

namespace VUnetStream.Application.Caching;

/// <summary>
/// BlazePose trackers kept for the life of a <see cref="TransferService"/>, one per estimator setting
/// (its network files are read once). A tracker is reset before every use, so a job sees a fresh one.
/// Not for concurrent jobs: a tracker serves one image sequence at a time.
/// </summary>
internal sealed class PoseEstimatorCache : IDisposable
{
    private readonly Dictionary<PoseEstimatorOptions, BlazePoseTracker> _trackers = [];
    private readonly Lock _lock = new();

    /// <summary>How many trackers were created (not found in the cache) so far.</summary>
    public int Loads { get; private set; }

    /// <summary>The tracker for <paramref name="options"/>, reset so its next frame starts with the detector.</summary>
    public BlazePoseTracker Get(PoseEstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_lock)
        {
            if (!_trackers.TryGetValue(options, out BlazePoseTracker? tracker))
            {
                tracker = new BlazePoseTracker(options);
                _trackers.Add(options, tracker);
                Loads++;
            }

            tracker.Reset();
            return tracker;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (BlazePoseTracker tracker in _trackers.Values)
            {
                tracker.Dispose();
            }

            _trackers.Clear();
        }
    }
}
