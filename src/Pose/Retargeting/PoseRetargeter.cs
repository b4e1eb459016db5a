using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Retargeting;

/// <summary>
/// Maps the dancer's poses onto the target person (off / global / bones), fitted once on the whole
/// clip and then applied frame by frame.
/// </summary>
public sealed class PoseRetargeter
{
    private PoseRetargeter(RetargetMode mode, BoneRescaling? bones, GlobalPlacement? placement, SquareContainment? containment = null)
    {
        Mode = mode;
        Bones = bones;
        Placement = placement;
        Containment = containment;
    }

    public RetargetMode Mode { get; }

    public BoneRescaling? Bones { get; }

    public GlobalPlacement? Placement { get; }

    /// <summary>Keeps placed poses inside the model's square (null: poses may leave it).</summary>
    public SquareContainment? Containment { get; }

    public static PoseRetargeter Identity { get; } = new(RetargetMode.Off, null, null);

    /// <summary>Fits the mapping for a clip of dancer poses and the target photo's pose.</summary>
    public static PoseRetargeter Fit(RetargetMode mode, IReadOnlyList<PersonPose> dancer, PersonPose? target)
    {
        ArgumentNullException.ThrowIfNull(dancer);
        if (mode == RetargetMode.Off)
        {
            return Identity;
        }

        if (target is null || target.IsEmpty)
        {
            throw new InvalidDataException($"retargeting '{mode}' needs the target person's pose, and none was found in the target photo");
        }

        GlobalPlacement first = GlobalPlacement.Fit(dancer, target);
        if (mode == RetargetMode.Global)
        {
            return new PoseRetargeter(mode, null, first);
        }

        // Bones first (at the dancer's size), then place the re-proportioned clip globally.
        var bones = BoneRescaling.Fit(dancer, target, 1f / first.Scale);
        PersonPose[] rescaled = dancer.Select(bones.Apply).ToArray();
        return new PoseRetargeter(mode, bones, GlobalPlacement.Fit(rescaled, target));
    }

    /// <summary>The same mapping, with placed poses kept inside the square (no effect with mode off).</summary>
    public PoseRetargeter KeepingInside(SquareContainment containment) => new(Mode, Bones, Placement, containment);

    public PersonPose Apply(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        if (pose.IsEmpty)
        {
            return pose;
        }

        PersonPose p = Bones?.Apply(pose) ?? pose;
        return Placement?.Apply(p, Containment) ?? p;
    }
}
