using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Estimation;

/// <summary>
/// Single-person pose estimation over a sequence of frames, MediaPipe style: the person is found
/// with the HOG detector on the first frame (or after tracking is lost), then each frame's region
/// comes from the previous frame's landmarks (BlazePose's two alignment points, enlarged by 1.25).
/// When the network's person score drops below the threshold the frame is re-detected, and if
/// nobody is found it is reported as "no person" and the next frame starts over.
/// Call <see cref="Reset"/> between unrelated images. Not thread-safe: one tracker per thread.
/// </summary>
public sealed class BlazePoseTracker : IDisposable
{
    // Regions smaller than this cannot hold a usable person, whatever the network says.
    private const float MinRegionSide = 24f;
    private readonly BlazePoseNetwork _network;
    private readonly HogPersonDetector _detector = new();
    private PoseRegion? _region;

    public BlazePoseTracker(PoseEstimatorOptions? options = null)
    {
        Options = options ?? new PoseEstimatorOptions();
        _network = new BlazePoseNetwork(Options.Model, Options.ModelDirectory);
    }

    public PoseEstimatorOptions Options { get; }

    /// <summary>Forgets the tracked region, so the next frame starts with the detector.</summary>
    public void Reset() => _region = null;

    /// <summary>Estimates the pose in one BGR frame (CV_8UC3), continuing from the previous frame.</summary>
    public PoseEstimate Estimate(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Empty() || frame.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"the pose estimator needs a non-empty BGR image (CV_8UC3), got {frame.Type()} {frame.Width}x{frame.Height}");
        }

        if (_region is PoseRegion tracked)
        {
            LandmarkOutput output = Run(frame, tracked);
            if (output.PersonScore >= Options.MinPersonScore)
            {
                return Accept(frame, tracked, output, RegionSource.Tracked);
            }
        }

        return DetectAndEstimate(frame);
    }

    private PoseEstimate DetectAndEstimate(Mat frame)
    {
        _region = null;
        var candidates = new List<(PoseRegion Region, RegionSource Source)>();
        foreach (Rect2f box in _detector.Detect(frame).Take(2))
        {
            candidates.Add((PoseRegion.AroundBox(box), RegionSource.Detected));
        }

        if (Options.WholeFrameFallback)
        {
            candidates.Add((PoseRegion.WholeFrame(frame.Width, frame.Height), RegionSource.WholeFrame));
        }

        float best = 0f;
        foreach ((PoseRegion region, RegionSource source) in candidates)
        {
            LandmarkOutput first = Run(frame, region);
            best = Math.Max(best, first.PersonScore);
            if (first.PersonScore < Options.MinPersonScore)
            {
                continue;
            }

            // A detector box is only roughly placed; one more pass on the landmark-derived region
            // centres and sizes the person the way the network was trained to see them. The person
            // must pass both looks: a non-person that fooled the first one rarely fools the second.
            PoseRegion refined = NextRegion(first, region);
            if (refined.Side >= MinRegionSide)
            {
                LandmarkOutput second = Run(frame, refined);
                if (second.PersonScore >= Options.MinPersonScore)
                {
                    return Accept(frame, refined, second, source);
                }
            }
        }

        return PoseEstimate.NoPerson(best);
    }

    private PoseEstimate Accept(Mat frame, PoseRegion region, LandmarkOutput output, RegionSource source)
    {
        var points = new Point2f[LandmarkOutput.BodyPointCount];
        var visibility = new float[points.Length];
        var presence = new float[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            Point2f p = output.Point(i);
            points[i] = region.InputToFrame(p.X, p.Y);
            visibility[i] = output.VisibilityLogit(i);
            presence[i] = output.PresenceLogit(i);
        }

        PersonPose pose = BlazePoseToCoco18.Map(points, visibility, presence, frame.Width, frame.Height, Options.MinJointConfidence);
        PoseRegion next = NextRegion(output, region);
        _region = next.Side >= MinRegionSide ? next : null;
        return new PoseEstimate(pose, output.PersonScore, region, source, points);
    }

    private PoseRegion NextRegion(LandmarkOutput output, PoseRegion current)
    {
        Point2f hip = output.Point(LandmarkOutput.HipCenterPoint), circle = output.Point(LandmarkOutput.CirclePoint);
        return PoseRegion.FromAlignmentPoints(current.InputToFrame(hip.X, hip.Y), current.InputToFrame(circle.X, circle.Y), Options.RotateRegion);
    }

    private LandmarkOutput Run(Mat frame, PoseRegion region)
    {
        using Mat crop = region.Crop(frame);
        return _network.Run([crop])[0];
    }

    public void Dispose()
    {
        _network.Dispose();
        _detector.Dispose();
    }
}
