using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Render.Tests.Experiments;

/// <summary>
/// A 64×64 T-pose figure drawn part by part in known colours on grey: arms horizontal and legs vertical,
/// so that neighbouring limbs meet only at their joint, and limbs drawn as wide rectangles with no caps.
/// </summary>
internal static class DrawnFigure
{
    public const int Size = 64;

    public static readonly Scalar Background = Scalar.All(128);

    public static PersonPose Pose()
    {
        var k = Enumerable.Repeat(Keypoint.Missing, Coco18Skeleton.JointCount).ToArray();
        void Set(Coco18 j, float x, float y) => k[(int)j] = Keypoint.At(x, y);
        Set(Coco18.Neck, 32, 16);
        Set(Coco18.Nose, 32, 8);
        Set(Coco18.RShoulder, 22, 16);
        Set(Coco18.LShoulder, 42, 16);
        Set(Coco18.RElbow, 12, 16);
        Set(Coco18.LElbow, 52, 16);
        Set(Coco18.RWrist, 3, 16);
        Set(Coco18.LWrist, 61, 16);
        Set(Coco18.RHip, 26, 36);
        Set(Coco18.LHip, 38, 36);
        Set(Coco18.RKnee, 26, 48);
        Set(Coco18.LKnee, 38, 48);
        Set(Coco18.RAnkle, 26, 60);
        Set(Coco18.LAnkle, 38, 60);
        return new PersonPose(k);
    }

    /// <summary>A distinct BGR colour per part.</summary>
    public static Scalar ColourOf(BodyPart part) => part switch
    {
        BodyPart.Torso => new Scalar(20, 30, 220),
        BodyPart.LeftUpperArm => new Scalar(200, 40, 10),
        BodyPart.RightUpperArm => new Scalar(180, 60, 30),
        BodyPart.LeftForearm => new Scalar(30, 200, 40),
        BodyPart.RightForearm => new Scalar(50, 170, 90),
        BodyPart.LeftThigh => new Scalar(10, 210, 230),
        BodyPart.RightThigh => new Scalar(40, 180, 200),
        BodyPart.LeftShin => new Scalar(220, 20, 200),
        BodyPart.RightShin => new Scalar(190, 50, 160),
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public static Mat Draw(PersonPose pose, Func<BodyPart, Scalar> colourOf)
    {
        var image = new Mat(Size, Size, MatType.CV_8UC3, Background);
        Point P(Coco18 j) => new((int)pose[j].X, (int)pose[j].Y);
        Cv2.FillConvexPoly(image, new[] { P(Coco18.LShoulder), P(Coco18.RShoulder), P(Coco18.RHip), P(Coco18.LHip) }, colourOf(BodyPart.Torso));
        foreach (BodyPart part in BodyParts.All.Where(p => p != BodyPart.Torso))
        {
            (Coco18 from, Coco18 to) = BodyParts.Bone(part);
            if (pose[from].IsPresent && pose[to].IsPresent)
            {
                Cv2.FillConvexPoly(image, Strip(P(from), P(to), halfWidth: 3), colourOf(part));
            }
        }

        return image;
    }

    // A rectangle along an axis-aligned bone, 2·halfWidth + 1 pixels wide.
    private static Point[] Strip(Point a, Point b, int halfWidth) => a.Y == b.Y
        ? [new(a.X, a.Y - halfWidth), new(b.X, b.Y - halfWidth), new(b.X, b.Y + halfWidth), new(a.X, a.Y + halfWidth)]
        : [new(a.X - halfWidth, a.Y), new(b.X - halfWidth, b.Y), new(b.X + halfWidth, b.Y), new(a.X + halfWidth, a.Y)];
}
