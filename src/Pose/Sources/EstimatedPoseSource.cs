using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// The dancer's pose estimated by BlazePose in each frame. A video is one tracked sequence (the region is
/// followed from frame to frame); independent images start over with the detector in every frame.
/// </summary>
internal sealed class EstimatedPoseSource : IPoseSource
{
    private readonly BlazePoseTracker _tracker;
    private readonly bool _ownsTracker;
    private readonly bool _independentFrames;
    private readonly EstimationTally? _tally;

    /// <summary>
    /// Poses from a tracker of its own for <paramref name="options"/>. With <paramref name="independentFrames"/>
    /// (a folder of photos, a dataset) nothing carries over from one frame to the next. <paramref name="tally"/>
    /// hears each frame's estimate (the pose job reports frames without a person and detector runs from it).
    /// </summary>
    public EstimatedPoseSource(PoseEstimatorOptions options, bool independentFrames = false, EstimationTally? tally = null)
        : this(new BlazePoseTracker(options), ownsTracker: true, independentFrames, tally)
    {
    }

    /// <summary>
    /// Poses from <paramref name="tracker"/>, which a host may keep between jobs (then <paramref name="ownsTracker"/>
    /// is false); it is reset here so this video starts with the detector.
    /// </summary>
    public EstimatedPoseSource(BlazePoseTracker tracker, bool ownsTracker)
        : this(tracker, ownsTracker, independentFrames: false, tally: null)
    {
    }

    private EstimatedPoseSource(BlazePoseTracker tracker, bool ownsTracker, bool independentFrames, EstimationTally? tally)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        tracker.Reset();
        _tracker = tracker;
        _ownsTracker = ownsTracker;
        _independentFrames = independentFrames;
        _tally = tally;
    }

    public string Name => $"BlazePose {_tracker.Options.Model}";

    public PersonPose PoseOf(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_independentFrames)
        {
            _tracker.Reset();
        }

        PoseEstimate estimate = _tracker.Estimate(frame.Image);
        _tally?.Record(frame, estimate);
        return estimate.Pose;
    }

    public void Dispose()
    {
        if (_ownsTracker)
        {
            _tracker.Dispose();
        }
    }
}
