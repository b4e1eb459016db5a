using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pipeline.Poses;

/// <summary>Dancer poses from the BlazePose tracker, frame after frame (the region is tracked between frames).</summary>
public sealed class EstimatedFramePoses(PoseEstimatorOptions options) : IFramePoseProvider
{
    private readonly BlazePoseTracker _tracker = new(options);

    public string Name => $"BlazePose {options.Model}";

    public PersonPose PoseOf(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return _tracker.Estimate(frame.Image).Pose;
    }

    public void Dispose() => _tracker.Dispose();
}
