using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Drawing;

/// <summary>
/// Draws a COCO-18 skeleton over a frame for checking poses by eye: the person's right side in
/// warm colours, the left in cool ones, the head in green; a frame without a person gets a
/// "no person" label. (The model's stickman input is drawn elsewhere, by the render stage.)
/// </summary>
internal static class PoseOverlay
{
    private static readonly Scalar Right = new(0, 128, 255);
    private static readonly Scalar Left = new(255, 160, 0);
    private static readonly Scalar Centre = new(0, 220, 0);

    public static void Draw(Mat image, PersonPose pose, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(pose);
        int size = Math.Max(image.Width, image.Height);
        int thickness = Math.Max(1, size / 250);
        int radius = Math.Max(2, size / 160);
        foreach ((Coco18 from, Coco18 to) in Coco18Skeleton.Bones)
        {
            Keypoint a = pose[from], b = pose[to];
            if (a.IsPresent && b.IsPresent)
            {
                Cv2.Line(image, ToPoint(a), ToPoint(b), ColourOf(to), thickness, LineTypes.AntiAlias);
            }
        }

        for (int j = 0; j < Coco18Skeleton.JointCount; j++)
        {
            Keypoint k = pose[j];
            if (k.IsPresent)
            {
                Cv2.Circle(image, ToPoint(k), radius, ColourOf((Coco18)j), -1, LineTypes.AntiAlias);
                Cv2.Circle(image, ToPoint(k), radius, Scalar.Black, 1, LineTypes.AntiAlias);
            }
        }

        string? text = pose.IsEmpty ? "no person" : label;
        if (text is not null)
        {
            double scale = Math.Max(0.4, size / 900.0);
            int baseline;
            Size textSize = Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, scale, thickness, out baseline);
            var origin = new Point(8, 8 + textSize.Height);
            Cv2.Rectangle(image, new Rect(4, 4, textSize.Width + 8, textSize.Height + baseline + 8), Scalar.Black, -1);
            Cv2.PutText(image, text, origin, HersheyFonts.HersheySimplex, scale, pose.IsEmpty ? new Scalar(0, 0, 255) : Scalar.White, thickness, LineTypes.AntiAlias);
        }
    }

    private static Point ToPoint(Keypoint k) => new((int)Math.Round(k.X), (int)Math.Round(k.Y));

    private static Scalar ColourOf(Coco18 joint) => Coco18Skeleton.Names[(int)joint][0] switch
    {
        'r' => Right,
        'l' => Left,
        _ => Centre,
    };
}
