using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Experiments;

/// <summary>The nine body parts whose colours <see cref="PartColours"/> measures.</summary>
public enum BodyPart
{
    Torso,
    LeftUpperArm,
    RightUpperArm,
    LeftForearm,
    RightForearm,
    LeftThigh,
    RightThigh,
    LeftShin,
    RightShin,
}

/// <summary>
/// Where each <see cref="BodyPart"/> lies in an image, located from its COCO-18 pose alone: the torso
/// quad (lshoulder, rshoulder, rhip, lhip) and, for each limb, a strip along its bone. The regions are
/// deliberately smaller than the body part, so that a correct pose gives pixels of that part only and
/// not of the background or of the neighbouring part (sleeve ends, the torso over the shoulder joint).
/// </summary>
internal static class BodyParts
{
    /// <summary>All parts, in <see cref="BodyPart"/> order.</summary>
    public static IReadOnlyList<BodyPart> All { get; } = Enum.GetValues<BodyPart>();

    /// <summary>
    /// Limb strip width as a fraction of the torso height (shoulder midpoint to hip midpoint). The
    /// thinnest part, a forearm, is about a fifth of the torso height wide in people and in the synth
    /// renders; 0.15 keeps the strip inside it even when the joints are off by a pixel or two.
    /// </summary>
    public const double LimbWidthFraction = 0.15;

    /// <summary>Share of the bone left out at each end: joints are where two parts (and often two colours) meet.</summary>
    public const double LimbEndTrim = 0.15;

    /// <summary>The torso quad is scaled by this factor about its centre: shoulder and hip joints lie on the body's outline.</summary>
    public const double TorsoShrink = 0.7;

    /// <summary>The two joints of a limb part (from the body outwards).</summary>
    public static (Coco18 From, Coco18 To) Bone(BodyPart part) => part switch
    {
        BodyPart.LeftUpperArm => (Coco18.LShoulder, Coco18.LElbow),
        BodyPart.RightUpperArm => (Coco18.RShoulder, Coco18.RElbow),
        BodyPart.LeftForearm => (Coco18.LElbow, Coco18.LWrist),
        BodyPart.RightForearm => (Coco18.RElbow, Coco18.RWrist),
        BodyPart.LeftThigh => (Coco18.LHip, Coco18.LKnee),
        BodyPart.RightThigh => (Coco18.RHip, Coco18.RKnee),
        BodyPart.LeftShin => (Coco18.LKnee, Coco18.LAnkle),
        BodyPart.RightShin => (Coco18.RKnee, Coco18.RAnkle),
        _ => throw new ArgumentException($"{part} is not a limb", nameof(part)),
    };

    /// <summary>
    /// The region of <paramref name="part"/> in a <paramref name="width"/>×<paramref name="height"/>
    /// image as an 8-bit mask (255 = in), or null when a joint it needs is missing or the region falls
    /// outside the image.
    /// </summary>
    public static Mat? Region(PersonPose pose, BodyPart part, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(pose);
        Point[]? polygon = part == BodyPart.Torso ? TorsoPolygon(pose) : LimbPolygon(pose, part);
        if (polygon is null)
        {
            return null;
        }

        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillConvexPoly(mask, polygon, Scalar.All(255), LineTypes.Link8);
        if (Cv2.CountNonZero(mask) == 0)
        {
            mask.Dispose();
            return null;
        }

        return mask;
    }

    /// <summary>Shoulder midpoint to hip midpoint in pixels, or null without the four torso joints.</summary>
    public static double? TorsoHeight(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        if (!TorsoJoints.All(j => pose[j].IsPresent))
        {
            return null;
        }

        (double x, double y) shoulders = Mid(pose[Coco18.LShoulder], pose[Coco18.RShoulder]);
        (double x, double y) hips = Mid(pose[Coco18.LHip], pose[Coco18.RHip]);
        return Math.Sqrt(Square(shoulders.x - hips.x) + Square(shoulders.y - hips.y));
    }

    private static readonly Coco18[] TorsoJoints = [Coco18.LShoulder, Coco18.RShoulder, Coco18.RHip, Coco18.LHip];

    private static Point[]? TorsoPolygon(PersonPose pose)
    {
        if (!TorsoJoints.All(j => pose[j].IsPresent))
        {
            return null;
        }

        double cx = TorsoJoints.Average(j => pose[j].X);
        double cy = TorsoJoints.Average(j => pose[j].Y);
        return [.. TorsoJoints.Select(j => Pixel(cx + TorsoShrink * (pose[j].X - cx), cy + TorsoShrink * (pose[j].Y - cy)))];
    }

    private static Point[]? LimbPolygon(PersonPose pose, BodyPart part)
    {
        (Coco18 from, Coco18 to) = Bone(part);
        Keypoint a = pose[from];
        Keypoint b = pose[to];
        if (!a.IsPresent || !b.IsPresent)
        {
            return null;
        }

        double dx = b.X - a.X;
        double dy = b.Y - a.Y;
        double length = Math.Sqrt(dx * dx + dy * dy);
        // Without a torso (not in datasets, which require one) the bone itself sets the scale.
        double scale = TorsoHeight(pose) ?? length;
        double half = Math.Max(1.0, LimbWidthFraction * scale) / 2;
        (double x, double y) start = (a.X + LimbEndTrim * dx, a.Y + LimbEndTrim * dy);
        (double x, double y) end = (b.X - LimbEndTrim * dx, b.Y - LimbEndTrim * dy);
        if (length < 1e-6)
        {
            // Both joints on one spot: the part is seen end-on, a single pixel is all that is known.
            return [Pixel(a.X, a.Y)];
        }

        // Unit normal of the bone, scaled to half the strip width.
        double nx = -dy / length * half;
        double ny = dx / length * half;
        return [Pixel(start.x + nx, start.y + ny), Pixel(end.x + nx, end.y + ny), Pixel(end.x - nx, end.y - ny), Pixel(start.x - nx, start.y - ny)];
    }

    private static (double X, double Y) Mid(Keypoint a, Keypoint b) => ((a.X + b.X) / 2.0, (a.Y + b.Y) / 2.0);

    private static double Square(double v) => v * v;

    private static Point Pixel(double x, double y) => new((int)Math.Round(x), (int)Math.Round(y));
}
