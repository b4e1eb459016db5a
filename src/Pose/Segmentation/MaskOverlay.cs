using OpenCvSharp;

namespace VUnetStream.Pose.Segmentation;

/// <summary>
/// Draws a person mask over its frame for checking by eye: the person tinted (blended by the soft mask,
/// so the network's uncertainty at the edges shows as a fading tint) and the hard mask's outline on top;
/// a frame without a person gets a "no person" label.
/// </summary>
internal static class MaskOverlay
{
    private static readonly Scalar Tint = new(255, 0, 200);
    private static readonly Scalar Outline = new(0, 255, 255);

    // How strongly a certain person pixel takes the tint colour.
    private const double TintStrength = 0.45;

    public static void Draw(Mat image, PersonMask mask)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        if (image.Type() != MatType.CV_8UC3 || image.Width != mask.Width || image.Height != mask.Height)
        {
            throw new ArgumentException($"overlay needs a BGR image of the mask's size {mask.Width}x{mask.Height}, got {image.Type()} {image.Width}x{image.Height}");
        }

        if (Cv2.CountNonZero(mask.Soft) == 0)
        {
            int size = Math.Max(image.Width, image.Height);
            Cv2.PutText(image, "no person", new Point(8, 8 + Math.Max(12, size / 30)), HersheyFonts.HersheySimplex,
                Math.Max(0.4, size / 700.0), new Scalar(0, 0, 255), Math.Max(1, size / 400), LineTypes.AntiAlias);
            return;
        }

        using var weight = new Mat();
        mask.Soft.ConvertTo(weight, MatType.CV_32FC1, TintStrength / 255.0);
        using var weight3 = new Mat();
        Cv2.Merge([weight, weight, weight], weight3);
        using var frame = new Mat();
        image.ConvertTo(frame, MatType.CV_32FC3);
        using var tint = new Mat(image.Size(), MatType.CV_32FC3, Tint);
        // frame + w·(tint − frame)
        using Mat difference = tint - frame;
        using var scaled = new Mat();
        Cv2.Multiply(difference, weight3, scaled);
        Cv2.Add(frame, scaled, frame);
        frame.ConvertTo(image, MatType.CV_8UC3);

        Cv2.FindContours(mask.Hard, out Point[][] contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        int thickness = Math.Max(1, Math.Max(image.Width, image.Height) / 400);
        Cv2.DrawContours(image, contours, -1, Outline, thickness, LineTypes.AntiAlias);
    }
}
