using VUnetStream.Ingest;

namespace VUnetStream.Pose.Estimation;

/// <summary>
/// What the estimator said about each frame beyond its pose, for reports: the frames where it found no
/// person (its own verdict, which a pose with every joint below the confidence floor does not change) and
/// how often the detector, not tracking, found the person. Thread-safe: independent images are estimated
/// by several workers at once, each recording here.
/// </summary>
public sealed class EstimationTally
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, string> _noPerson = [];
    private int _frames;
    private int _detections;

    public int Frames
    {
        get
        {
            lock (_lock)
            {
                return _frames;
            }
        }
    }

    /// <summary>Frames whose region came from the detector or the whole-frame search and held a person.</summary>
    public int Detections
    {
        get
        {
            lock (_lock)
            {
                return _detections;
            }
        }
    }

    /// <summary>The names of the frames without a person, in frame order.</summary>
    public IReadOnlyList<string> NoPerson
    {
        get
        {
            lock (_lock)
            {
                return _noPerson.Values.ToArray();
            }
        }
    }

    public int FramesWithPerson
    {
        get
        {
            lock (_lock)
            {
                return _frames - _noPerson.Count;
            }
        }
    }

    public void Record(DecodedFrame frame, PoseEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(estimate);
        lock (_lock)
        {
            _frames++;
            if (!estimate.HasPerson)
            {
                _noPerson[frame.Index] = frame.Name;
            }

            if (estimate.Source is RegionSource.Detected or RegionSource.WholeFrame)
            {
                _detections++;
            }
        }
    }
}
