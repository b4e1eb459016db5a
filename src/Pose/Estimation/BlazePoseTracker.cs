using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Segmentation;

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

    // Refinement of a fresh region: at most this many extra passes, stopping once the region moves
    // less than this share of its side; a first look scoring below MinScoreToRefine is not pursued.
    private const int MaxRefinements = 3;
    private const float SettledChange = 0.06f;
    private const float MinScoreToRefine = 0.1f;
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
            // A photo cut off at the waist or thighs: the body continues below the image, so the
            // region that would hold the whole person has the image as its top half.
            candidates.Add((new PoseRegion(frame.Width / 2f, frame.Height, 2f * frame.Height, 0f), RegionSource.WholeFrame));
        }

        float best = 0f;
        (PoseRegion Region, LandmarkOutput Output, RegionSource Source, float Change)? chosen = null;
        foreach ((PoseRegion start, RegionSource source) in candidates)
        {
            (PoseRegion region, LandmarkOutput output, float change) = Settle(frame, start);
            best = Math.Max(best, output.PersonScore);
            if (output.PersonScore < Options.MinPersonScore)
            {
                continue;
            }

            if (change <= SettledChange)
            {
                return Accept(frame, region, output, source);
            }

            if (chosen is null || change < chosen.Value.Change)
            {
                chosen = (region, output, source, change);
            }
        }

        return chosen is { } c ? Accept(frame, c.Region, c.Output, c.Source) : PoseEstimate.NoPerson(best);
    }

    /// <summary>
    /// Runs the network on a starting region and then on the region its landmarks imply, until that
    /// region stops moving (what tracking converges to on a still person). A detector box or a guess
    /// is only roughly placed; a region that settles is one in which the network sees the person the
    /// way it was trained to, and one that keeps drifting (a cut-off or squeezed body) is suspect.
    /// Returns the last region run, its output, and how far the next region would still move.
    /// </summary>
    private (PoseRegion Region, LandmarkOutput Output, float Change) Settle(Mat frame, PoseRegion region)
    {
        LandmarkOutput output = Run(frame, region);
        float change = float.MaxValue;
        for (int pass = 0; pass < MaxRefinements && output.PersonScore >= MinScoreToRefine; pass++)
        {
            PoseRegion next = NextRegion(output, region);
            change = Change(region, next);
            if (change <= SettledChange || next.Side < MinRegionSide)
            {
                break;
            }

            LandmarkOutput nextOutput = Run(frame, next);
            if (nextOutput.PersonScore < MinScoreToRefine)
            {
                break;
            }

            (region, output) = (next, nextOutput);
            change = float.MaxValue;
        }

        if (change == float.MaxValue && output.PersonScore >= MinScoreToRefine)
        {
            change = Change(region, NextRegion(output, region));
        }

        return (region, output, change);
    }

    private static float Change(PoseRegion a, PoseRegion b) =>
        (MathF.Max(MathF.Abs(a.CenterX - b.CenterX), MathF.Abs(a.CenterY - b.CenterY)) + MathF.Abs(a.Side - b.Side)) / a.Side;

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
        return new PoseEstimate(pose, output.PersonScore, region, source, points)
        {
            // The mask of the region the landmarks came from, not of the next frame's region.
            Segmentation = output.SegmentationLogits is float[] logits ? new RegionSegmentation(logits, region) : null,
        };
    }

    private PoseRegion NextRegion(LandmarkOutput output, PoseRegion current)
    {
        Point2f hip = output.Point(LandmarkOutput.HipCenterPoint), circle = output.Point(LandmarkOutput.CirclePoint);
        return PoseRegion.FromAlignmentPoints(current.InputToFrame(hip.X, hip.Y), current.InputToFrame(circle.X, circle.Y), Options.RotateRegion);
    }

    private LandmarkOutput Run(Mat frame, PoseRegion region)
    {
        using Mat crop = region.Crop(frame);
        return _network.Run([crop], Options.Segmentation)[0];
    }

    public void Dispose()
    {
        _network.Dispose();
        _detector.Dispose();
    }
}
