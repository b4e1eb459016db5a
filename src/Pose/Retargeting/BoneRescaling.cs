using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Retargeting;

/// <summary>
/// Gives the dancer the target's body proportions while keeping the dancer's joint angles: walking
/// the skeleton out from the neck, each bone keeps its direction and its length is multiplied by
/// target length ÷ dancer length. The dancer's length of a bone is its 90th-percentile length over the
/// clip (a bone seen at full length, since 2D bones only shorten when turned away), so a bone
/// foreshortened in a frame stays foreshortened in the same proportion.
/// </summary>
public sealed class BoneRescaling
{
    private readonly float[] _ratios;

    private BoneRescaling(float[] ratios) => _ratios = ratios;

    /// <summary>The length factor for each bone of <see cref="Coco18Skeleton.Bones"/>, in that order.</summary>
    public IReadOnlyList<float> Ratios => _ratios;

    /// <summary>
    /// Measures the dancer and the target. <paramref name="targetScale"/> converts target pixels to the
    /// dancer's pixels (1 / the global scale), so the rescaled dancer stays at the dancer's size.
    /// </summary>
    public static BoneRescaling Fit(IReadOnlyList<PersonPose> dancer, PersonPose target, float targetScale)
    {
        ArgumentNullException.ThrowIfNull(dancer);
        ArgumentNullException.ThrowIfNull(target);
        IReadOnlyList<(Coco18 From, Coco18 To)> bones = Coco18Skeleton.Bones;
        var ratios = new float[bones.Count];
        for (int b = 0; b < bones.Count; b++)
        {
            (Coco18 from, Coco18 to) = bones[b];
            float[] lengths = dancer.Select(p => BodyMeasure.BoneLength(p, from, to)).OfType<float>().ToArray();
            float dancerLength = BodyGeometry.Percentile(lengths, 0.9);
            float? targetLength = BodyMeasure.BoneLength(target, from, to)
                ?? BodyMeasure.BoneLength(target, Coco18Skeleton.Mirror(from), Coco18Skeleton.Mirror(to));
            ratios[b] = targetLength is float t && dancerLength > 0 ? t * targetScale / dancerLength : 1f;
        }

        return new BoneRescaling(ratios);
    }

    public PersonPose Apply(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        var result = pose.Joints.ToArray();
        // How far each joint moved; a missing joint passes its parent's move on to its children.
        var moved = new (float X, float Y)[Coco18Skeleton.JointCount];
        IReadOnlyList<(Coco18 From, Coco18 To)> bones = Coco18Skeleton.Bones;
        for (int b = 0; b < bones.Count; b++)
        {
            (Coco18 from, Coco18 to) = bones[b];
            Keypoint parent = pose[from], child = pose[to];
            if (!child.IsPresent)
            {
                moved[(int)to] = moved[(int)from];
                continue;
            }

            if (!parent.IsPresent)
            {
                moved[(int)to] = moved[(int)from];
                result[(int)to] = child with { X = child.X + moved[(int)to].X, Y = child.Y + moved[(int)to].Y };
                continue;
            }

            Keypoint newParent = result[(int)from];
            float x = newParent.X + (child.X - parent.X) * _ratios[b];
            float y = newParent.Y + (child.Y - parent.Y) * _ratios[b];
            moved[(int)to] = (x - child.X, y - child.Y);
            result[(int)to] = child with { X = x, Y = y };
        }

        return new PersonPose(result);
    }
}
