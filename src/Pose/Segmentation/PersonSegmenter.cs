using OpenCvSharp;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pose.Segmentation;

/// <summary>A frame's pose and person mask, both from one BlazePose forward pass.</summary>
public sealed class SegmentedFrame : IDisposable
{
    internal SegmentedFrame(PoseEstimate estimate, PersonMask mask)
    {
        Estimate = estimate;
        Mask = mask;
    }

    public PoseEstimate Estimate { get; }

    /// <summary>The person mask in frame pixels; empty when no person was found.</summary>
    public PersonMask Mask { get; }

    public void Dispose() => Mask.Dispose();
}

/// <summary>
/// Person masks for photos and video frames from BlazePose's own segmentation output: the tracker finds
/// (or follows) the person's region as for poses, asks the landmark network for its mask output in the
/// same pass, and the region's 256² mask is mapped back onto the frame. One person per frame, as for
/// poses. Not thread-safe: one segmenter per thread; call <see cref="Reset"/> between unrelated images.
/// </summary>
public sealed class PersonSegmenter : IDisposable
{
    private readonly BlazePoseTracker _tracker;

    public PersonSegmenter(PoseEstimatorOptions? options = null)
    {
        _tracker = new BlazePoseTracker((options ?? new PoseEstimatorOptions()) with { Segmentation = true });
    }

    public PoseEstimatorOptions Options => _tracker.Options;

    public void Reset() => _tracker.Reset();

    /// <summary>The pose and mask of one BGR frame (CV_8UC3), continuing from the previous frame.</summary>
    public SegmentedFrame Segment(Mat frame)
    {
        PoseEstimate estimate = _tracker.Estimate(frame);
        PersonMask mask = estimate.Segmentation is RegionSegmentation region
            ? region.ToFrame(frame.Width, frame.Height)
            : PersonMask.Empty(frame.Width, frame.Height);
        return new SegmentedFrame(estimate, mask);
    }

    public void Dispose() => _tracker.Dispose();
}
