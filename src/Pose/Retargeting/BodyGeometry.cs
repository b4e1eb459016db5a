using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Retargeting;

/// <summary>Where a pose's head, feet and body centre are, for placing one body on another.</summary>
public static class BodyGeometry
{
    private static readonly Coco18[] Head = [Coco18.Nose, Coco18.REye, Coco18.LEye, Coco18.REar, Coco18.LEar];
    private static readonly Coco18[] Centre = [Coco18.Neck, Coco18.RHip, Coco18.LHip];

    /// <summary>The foot line: the lowest ankle's y (image y grows downwards); null without ankles.</summary>
    public static float? FootLine(PersonPose pose)
    {
        Keypoint r = pose[Coco18.RAnkle], l = pose[Coco18.LAnkle];
        return r.IsPresent && l.IsPresent ? Math.Max(r.Y, l.Y) : r.IsPresent ? r.Y : l.IsPresent ? l.Y : null;
    }

    /// <summary>Height from the highest head joint to the foot line (arms raised above the head do not count); null if either end is missing.</summary>
    public static float? HeadToFoot(PersonPose pose)
    {
        float? foot = FootLine(pose);
        float[] head = Head.Select(j => pose[j]).Where(k => k.IsPresent).Select(k => k.Y).ToArray();
        return foot is float f && head.Length > 0 && f - head.Min() > 0 ? f - head.Min() : null;
    }

    /// <summary>Mean x of the neck and hips that are present; null if none.</summary>
    public static float? CentreX(PersonPose pose)
    {
        float[] xs = Centre.Select(j => pose[j]).Where(k => k.IsPresent).Select(k => k.X).ToArray();
        return xs.Length == 0 ? null : xs.Average();
    }

    public static float Median(IEnumerable<float> values)
    {
        float[] v = values.Order().ToArray();
        if (v.Length == 0)
        {
            return float.NaN;
        }

        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2f;
    }

    public static float Percentile(IEnumerable<float> values, double p)
    {
        float[] v = values.Order().ToArray();
        return v.Length == 0 ? float.NaN : v[(int)Math.Clamp(Math.Round(p * (v.Length - 1)), 0, v.Length - 1)];
    }
}
