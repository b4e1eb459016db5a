using VUnetStream.Core.Keypoints;

namespace VUnetStream.Synth.Rendering;

/// <summary>Which body part a pixel shows (the part label map of a render). Clothes count as the part they cover.</summary>
public enum BodyPart : byte
{
    None = 0,
    Head,
    Hair,
    Neck,
    Torso,
    RightUpperArm,
    RightForearm,
    RightHand,
    LeftUpperArm,
    LeftForearm,
    LeftHand,
    RightThigh,
    RightShin,
    RightFoot,
    LeftThigh,
    LeftShin,
    LeftFoot,
    Skirt,
}

/// <summary>The parts that meet at each joint: a joint is seen when one of them is the front-most part at its pixel.</summary>
internal static class JointParts
{
    private static readonly BodyPart[][] Parts = Build();

    public static IReadOnlyList<BodyPart> Of(Coco18 joint) => Parts[(int)joint];

    public static bool IsSeenAs(Coco18 joint, BodyPart visiblePart) => Array.IndexOf(Parts[(int)joint], visiblePart) >= 0;

    private static BodyPart[][] Build()
    {
        var p = new BodyPart[Coco18Skeleton.JointCount][];
        BodyPart[] head = [BodyPart.Head, BodyPart.Hair];
        p[(int)Coco18.Nose] = head;
        p[(int)Coco18.REye] = head;
        p[(int)Coco18.LEye] = head;
        p[(int)Coco18.REar] = head;
        p[(int)Coco18.LEar] = head;
        p[(int)Coco18.Neck] = [BodyPart.Neck, BodyPart.Torso, BodyPart.Head, BodyPart.Hair];
        p[(int)Coco18.RShoulder] = [BodyPart.Torso, BodyPart.RightUpperArm, BodyPart.Hair];
        p[(int)Coco18.LShoulder] = [BodyPart.Torso, BodyPart.LeftUpperArm, BodyPart.Hair];
        p[(int)Coco18.RElbow] = [BodyPart.RightUpperArm, BodyPart.RightForearm];
        p[(int)Coco18.LElbow] = [BodyPart.LeftUpperArm, BodyPart.LeftForearm];
        p[(int)Coco18.RWrist] = [BodyPart.RightForearm, BodyPart.RightHand];
        p[(int)Coco18.LWrist] = [BodyPart.LeftForearm, BodyPart.LeftHand];
        p[(int)Coco18.RHip] = [BodyPart.Torso, BodyPart.RightThigh, BodyPart.Skirt];
        p[(int)Coco18.LHip] = [BodyPart.Torso, BodyPart.LeftThigh, BodyPart.Skirt];
        p[(int)Coco18.RKnee] = [BodyPart.RightThigh, BodyPart.RightShin, BodyPart.Skirt];
        p[(int)Coco18.LKnee] = [BodyPart.LeftThigh, BodyPart.LeftShin, BodyPart.Skirt];
        p[(int)Coco18.RAnkle] = [BodyPart.RightShin, BodyPart.RightFoot, BodyPart.Skirt];
        p[(int)Coco18.LAnkle] = [BodyPart.LeftShin, BodyPart.LeftFoot, BodyPart.Skirt];
        return p;
    }
}
