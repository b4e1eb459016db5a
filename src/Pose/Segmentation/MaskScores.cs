using OpenCvSharp;

namespace VUnetStream.Pose.Segmentation;

/// <summary>How well one hard mask matches a ground-truth hard mask.</summary>
/// <param name="Iou">Intersection over union of the person pixels (1 when both masks are empty).</param>
/// <param name="BoundaryF">
/// Boundary F-measure (DAVIS's F): precision and recall of the two outlines, a boundary pixel counting as
/// matched when the other outline passes within <see cref="MaskScores.BoundaryTolerance"/> of the image
/// diagonal; 1 when both are empty.
/// </param>
public readonly record struct MaskScore(double Iou, double BoundaryF);

/// <summary>IoU and boundary F of binary masks (CV_8UC1, non-zero = person).</summary>
public static class MaskScores
{
    /// <summary>DAVIS's tolerance for the boundary measure: 0.8 % of the image diagonal (2 px at 256²).</summary>
    public const double BoundaryTolerance = 0.008;

    public static MaskScore Score(Mat predicted, Mat truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Size() != truth.Size() || predicted.Type() != MatType.CV_8UC1 || truth.Type() != MatType.CV_8UC1)
        {
            throw new ArgumentException(
                $"masks to compare must be 8-bit single-channel of one size, got {predicted.Type()} {predicted.Width}x{predicted.Height} and {truth.Type()} {truth.Width}x{truth.Height}");
        }

        return new MaskScore(Iou(predicted, truth), BoundaryF(predicted, truth));
    }

    public static double Iou(Mat predicted, Mat truth)
    {
        using var intersection = new Mat();
        using var union = new Mat();
        Cv2.BitwiseAnd(predicted, truth, intersection);
        Cv2.BitwiseOr(predicted, truth, union);
        int u = Cv2.CountNonZero(union);
        return u == 0 ? 1.0 : (double)Cv2.CountNonZero(intersection) / u;
    }

    public static double BoundaryF(Mat predicted, Mat truth)
    {
        double tolerance = Math.Max(1.0, Math.Round(BoundaryTolerance * Math.Sqrt(Square(predicted.Width) + Square(predicted.Height))));
        using Mat a = Boundary(predicted), b = Boundary(truth);
        int na = Cv2.CountNonZero(a), nb = Cv2.CountNonZero(b);
        if (na == 0 || nb == 0)
        {
            return na == nb ? 1.0 : 0.0;
        }

        double precision = (double)Matched(a, b, tolerance) / na;
        double recall = (double)Matched(b, a, tolerance) / nb;
        return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    }

    private static double Square(double x) => x * x;

    // The mask's pixels that touch the background (the mask minus its 3×3 erosion).
    private static Mat Boundary(Mat mask)
    {
        using var binary = new Mat();
        Cv2.Threshold(mask, binary, 0, 255, ThresholdTypes.Binary);
        using var eroded = new Mat();
        Cv2.Erode(binary, eroded, null, borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
        var boundary = new Mat();
        Cv2.Subtract(binary, eroded, boundary);
        return boundary;
    }

    // Boundary pixels of `from` that lie within `tolerance` pixels of a boundary pixel of `to`.
    private static int Matched(Mat from, Mat to, double tolerance)
    {
        using var notTo = new Mat();
        Cv2.BitwiseNot(to, notTo);
        using var distance = new Mat();
        Cv2.DistanceTransform(notTo, distance, DistanceTypes.L2, DistanceTransformMasks.Precise);
        using var near = new Mat();
        Cv2.Threshold(distance, near, tolerance, 255, ThresholdTypes.BinaryInv);
        using var near8 = new Mat();
        near.ConvertTo(near8, MatType.CV_8UC1);
        using var hit = new Mat();
        Cv2.BitwiseAnd(from, near8, hit);
        return Cv2.CountNonZero(hit);
    }
}
