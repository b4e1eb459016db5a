using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Shape;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// Measures for "same pose, different looks": how much samples differ, where they differ, and whether
/// their shape (the layout of edges) stays put.
/// </summary>
internal static class ShapeMeasures
{
    /// <summary>
    /// Shape agreement of two images: the Pearson correlation of their grayscale Sobel gradient
    /// magnitudes. Edges that stay in place give a high value whatever their colours (contrast
    /// scaling does not change a correlation); limbs that move or blur lower it. 1 = identical edge
    /// layout, about 0 = unrelated.
    /// </summary>
    public static double EdgeCorrelation(Mat a, Mat b)
    {
        using Mat ga = GradientMagnitude(a);
        using Mat gb = GradientMagnitude(b);
        Cv2.MeanStdDev(ga, out Scalar meanA, out Scalar stdA);
        Cv2.MeanStdDev(gb, out Scalar meanB, out Scalar stdB);
        if (stdA[0] < 1e-9 || stdB[0] < 1e-9)
        {
            return stdA[0] < 1e-9 && stdB[0] < 1e-9 ? 1.0 : 0.0;
        }

        using var centredA = new Mat();
        using var centredB = new Mat();
        Cv2.Subtract(ga, meanA, centredA);
        Cv2.Subtract(gb, meanB, centredB);
        using var product = new Mat();
        Cv2.Multiply(centredA, centredB, product);
        return Cv2.Mean(product)[0] / (stdA[0] * stdB[0]);
    }

    /// <summary>The body region of a pose: the stickman's pixels, dilated by one line thickness (8-bit mask, 255 = body).</summary>
    public static Mat BodyMask(PersonPose pose, int size)
    {
        ArgumentNullException.ThrowIfNull(pose);
        using Mat stickman = Stickman.Draw(pose, size, size);
        using var gray = new Mat();
        Cv2.CvtColor(stickman, gray, ColorConversionCodes.BGR2GRAY);
        var mask = new Mat();
        Cv2.Threshold(gray, mask, 0, 255, ThresholdTypes.Binary);
        int radius = Stickman.Thickness(size);
        using Mat kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * radius + 1, 2 * radius + 1));
        Cv2.Dilate(mask, mask, kernel);
        return mask;
    }

    private static Mat GradientMagnitude(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var gray = new Mat();
        Cv2.CvtColor(image, gray, ColorConversionCodes.BGR2GRAY);
        using var grayF = new Mat();
        gray.ConvertTo(grayF, MatType.CV_64F, 1.0 / 255);
        using var dx = new Mat();
        using var dy = new Mat();
        Cv2.Sobel(grayF, dx, MatType.CV_64F, 1, 0);
        Cv2.Sobel(grayF, dy, MatType.CV_64F, 0, 1);
        var magnitude = new Mat();
        Cv2.Magnitude(dx, dy, magnitude);
        return magnitude;
    }
}
