using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Application.PersonVideo;

/// <summary>
/// Balances the poses of a video's training frames by leaving out near-duplicates: a frame is kept only when its pose
/// differs from the last KEPT one by at least <see cref="MinChange"/> body heights (the mean distance of the joints
/// both have, each pose taken about its own centre, so a person who only walks or is only re-framed is no new pose).
/// A dancer who holds still or a slow passage would otherwise fill the data with one pose at 25 frames a second and
/// the steps would be spent on it; comparing with the last kept frame rather than the previous one means slow motion
/// still yields a frame each time it has moved far enough.
/// </summary>
public sealed class PoseChange(double minChange)
{
    /// <summary>3 % of the body height, mean over the joints: about a hand's width for the hands and feet of a turning dancer.</summary>
    public const double DefaultMinChange = 0.03;

    private PersonPose? _lastKept;

    public double MinChange { get; } = minChange >= 0 && double.IsFinite(minChange)
        ? minChange
        : throw new ArgumentOutOfRangeException(nameof(minChange), minChange, "the minimum pose change must be a non-negative number");

    /// <summary>True when <paramref name="pose"/> is too close to the last kept pose to be worth a frame.</summary>
    public bool IsNearDuplicate(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        return _lastKept is not null && Distance(_lastKept, pose) < MinChange;
    }

    /// <summary>Records <paramref name="pose"/> as the last kept one.</summary>
    public void Keep(PersonPose pose) => _lastKept = pose ?? throw new ArgumentNullException(nameof(pose));

    /// <summary>
    /// Mean distance of the joints present in both, each pose about the centre of those joints, divided by
    /// <paramref name="reference"/>'s height (head to foot, else its joints' vertical extent); +∞ without common joints.
    /// </summary>
    public static double Distance(PersonPose reference, PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(pose);
        int[] common = [.. Enumerable.Range(0, Coco18Skeleton.JointCount).Where(j => reference[j].IsPresent && pose[j].IsPresent)];
        float height = BodyGeometry.HeadToFoot(reference) ?? Extent(reference);
        if (common.Length == 0 || !(height > 0))
        {
            return double.PositiveInfinity;
        }

        double ax = common.Average(j => reference[j].X), ay = common.Average(j => reference[j].Y);
        double bx = common.Average(j => pose[j].X), by = common.Average(j => pose[j].Y);
        double sum = common.Sum(j => Math.Sqrt(Square(reference[j].X - ax - (pose[j].X - bx)) + Square(reference[j].Y - ay - (pose[j].Y - by))));
        return sum / common.Length / height;
    }

    private static double Square(double v) => v * v;

    private static float Extent(PersonPose pose)
    {
        float[] ys = [.. pose.Joints.Where(k => k.IsPresent).Select(k => k.Y)];
        return ys.Length < 2 ? 0 : ys.Max() - ys.Min();
    }
}
