using VUnetStream.Pose.Estimation;

namespace VUnetStream.Application.Caching;

/// <summary>
/// BlazePose trackers kept for the life of a <see cref="TransferService"/>, per estimator setting (their
/// network files are read once), one more for each job that runs beside another: a tracker follows one
/// image sequence at a time. A rented tracker is reset, so a job starts with the detector.
/// </summary>
internal sealed class PoseEstimatorCache : IDisposable
{
    private readonly KeyedPool<PoseEstimatorOptions, BlazePoseTracker> _pool = new(options => new BlazePoseTracker(options));

    /// <summary>How many trackers were created (not found idle in the cache) so far.</summary>
    public int Loads => _pool.Creations;

    /// <summary>A reset tracker for <paramref name="options"/>; dispose the lease when the job no longer needs it.</summary>
    public KeyedPool<PoseEstimatorOptions, BlazePoseTracker>.Lease Rent(PoseEstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KeyedPool<PoseEstimatorOptions, BlazePoseTracker>.Lease lease = _pool.Rent(options);
        lease.Value.Reset();
        return lease;
    }

    public void Dispose() => _pool.Dispose();
}
