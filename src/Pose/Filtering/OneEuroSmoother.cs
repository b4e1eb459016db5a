using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Filtering;

/// <summary>
/// One-Euro filtering of every joint's x and y. A joint's filter restarts after it goes missing, so
/// a reappearing joint is not dragged from where it was. Speeds are measured in body heights per
/// second (a running estimate of the person's height), so one beta suits near and far people.
/// </summary>
internal sealed class OneEuroSmoother
{
    private readonly OneEuroFilter[] _x;
    private readonly OneEuroFilter[] _y;
    private readonly double _dt;
    private double _bodyHeight;

    public OneEuroSmoother(TemporalFilterOptions options, double fps)
    {
        _dt = 1.0 / fps;
        _x = Enumerable.Range(0, Coco18Skeleton.JointCount).Select(_ => new OneEuroFilter(options.MinCutoff, options.Beta, options.DerivativeCutoff)).ToArray();
        _y = Enumerable.Range(0, Coco18Skeleton.JointCount).Select(_ => new OneEuroFilter(options.MinCutoff, options.Beta, options.DerivativeCutoff)).ToArray();
    }

    public PoseFrame Filter(PoseFrame frame)
    {
        UpdateBodyHeight(frame.Pose);
        double speedScale = _bodyHeight > 0 ? 1.0 / _bodyHeight : 1.0 / 100;
        var joints = new Keypoint[Coco18Skeleton.JointCount];
        for (int j = 0; j < joints.Length; j++)
        {
            Keypoint k = frame.Pose[j];
            if (!k.IsPresent)
            {
                _x[j].Reset();
                _y[j].Reset();
                joints[j] = k;
                continue;
            }

            joints[j] = k with
            {
                X = (float)_x[j].Filter(k.X, _dt, speedScale),
                Y = (float)_y[j].Filter(k.Y, _dt, speedScale),
            };
        }

        return frame with { Pose = new PersonPose(joints) };
    }

    // A slow running average over frames that show most of the body.
    private void UpdateBodyHeight(PersonPose pose)
    {
        if (pose.PresentCount < 10)
        {
            return;
        }

        float extent = BodyMeasure.VerticalExtent(pose);
        _bodyHeight = _bodyHeight <= 0 ? extent : _bodyHeight + 0.05 * (extent - _bodyHeight);
    }
}
