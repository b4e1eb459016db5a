using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pose.Sources;

/// <summary>Dancer poses from the BlazePose tracker, frame after frame (the region is tracked between frames).</summary>
public sealed class EstimatedFramePoses : IFramePoseProvider
{
    private readonly BlazePoseTracker _tracker;
    private readonly bool _ownsTracker;

    public EstimatedFramePoses(PoseEstimatorOptions options)
        : this(new BlazePoseTracker(options), ownsTracker: true)
    {
    }

    /// <summary>
    /// Poses from <paramref name="tracker"/>, which a host may keep between jobs (then <paramref name="ownsTracker"/>
    /// is false); it is reset here so this video starts with the detector.
    /// </summary>
    public EstimatedFramePoses(BlazePoseTracker tracker, bool ownsTracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        tracker.Reset();
        _tracker = tracker;
        _ownsTracker = ownsTracker;
    }

    public string Name => $"BlazePose {_tracker.Options.Model}";

    public PersonPose PoseOf(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return _tracker.Estimate(frame.Image).Pose;
    }

    public void Dispose()
    {
        if (_ownsTracker)
        {
            _tracker.Dispose();
        }
    }
}
