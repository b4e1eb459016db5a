using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose;

/// <summary>Size measures of a pose shared by filtering, evaluation and retargeting.</summary>
internal static class BodyMeasure
{
    /// <summary>
    /// The vertical extent (max y − min y) of the present joints, in pixels; 0 with fewer than two
    /// joints. For a standing full body it is the head-to-ankle height; for a partly visible person
    /// it is the visible part's height. This is the "person height" of PCK@0.1 in this project.
    /// </summary>
    public static float VerticalExtent(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        float min = float.MaxValue, max = float.MinValue;
        int n = 0;
        foreach (Keypoint k in pose.Joints)
        {
            if (k.IsPresent)
            {
                min = Math.Min(min, k.Y);
                max = Math.Max(max, k.Y);
                n++;
            }
        }

        return n < 2 ? 0f : max - min;
    }

    /// <summary>Length of the bone between two joints, or null when either is missing.</summary>
    public static float? BoneLength(PersonPose pose, Coco18 from, Coco18 to)
    {
        ArgumentNullException.ThrowIfNull(pose);
        Keypoint a = pose[from], b = pose[to];
        return a.IsPresent && b.IsPresent ? MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y)) : null;
    }
}
