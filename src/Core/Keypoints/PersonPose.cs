namespace VUnetStream.Core.Keypoints;

/// <summary>The 18 COCO keypoints of one person in one image, in pixel coordinates of that image.</summary>
public sealed class PersonPose
{
    private readonly Keypoint[] _joints;

    public PersonPose(IReadOnlyList<Keypoint> joints)
    {
        ArgumentNullException.ThrowIfNull(joints);
        if (joints.Count != Coco18Skeleton.JointCount)
        {
            throw new ArgumentException(
                $"a COCO-18 pose needs {Coco18Skeleton.JointCount} joints, got {joints.Count}", nameof(joints));
        }

        _joints = [.. joints];
    }

    /// <summary>A pose with every joint missing (a frame in which no person was found).</summary>
    public static PersonPose Empty() => new(Enumerable.Repeat(Keypoint.Missing, Coco18Skeleton.JointCount).ToArray());

    public Keypoint this[Coco18 joint] => _joints[(int)joint];

    public Keypoint this[int index] => _joints[index];

    public IReadOnlyList<Keypoint> Joints => _joints;

    public int PresentCount => _joints.Count(j => j.IsPresent);

    public bool IsEmpty => PresentCount == 0;

    /// <summary>Returns a copy with one joint replaced.</summary>
    public PersonPose With(Coco18 joint, Keypoint value)
    {
        Keypoint[] copy = [.. _joints];
        copy[(int)joint] = value;
        return new PersonPose(copy);
    }

    /// <summary>Returns a copy with every present joint moved by <c>(x·scale + dx, y·scale + dy)</c>.</summary>
    public PersonPose Transform(float scale, float dx, float dy) =>
        new(_joints.Select(j => j.IsPresent ? j with { X = j.X * scale + dx, Y = j.Y * scale + dy } : j).ToArray());

    /// <summary>Scales x and y independently (used to map between image sizes).</summary>
    public PersonPose Scale(float sx, float sy) =>
        new(_joints.Select(j => j.IsPresent ? j with { X = j.X * sx, Y = j.Y * sy } : j).ToArray());
}
