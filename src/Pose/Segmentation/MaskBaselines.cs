using OpenCvSharp;

namespace VUnetStream.Pose.Segmentation;

/// <summary>
/// Trivial person masks made from the pose alone, so that a segmentation score has something to be
/// compared with: what a mask adds over "the box around the skeleton" or "a thick stickman".
/// </summary>
internal static class MaskBaselines
{
    // BlazePose-33 body connections (MediaPipe's POSE_CONNECTIONS without the face).
    private static readonly (int A, int B)[] Bones =
    [
        (11, 12), (11, 13), (13, 15), (12, 14), (14, 16), (15, 17), (15, 19), (15, 21), (16, 18), (16, 20), (16, 22),
        (11, 23), (12, 24), (23, 24), (23, 25), (25, 27), (24, 26), (26, 28), (27, 29), (29, 31), (27, 31), (28, 30), (30, 32), (28, 32),
    ];

    // The landmarks stop at the eyes and the soles: the box is grown by this share of the landmarks' height
    // on every side so that the top of the head and the feet can be inside it.
    private const float BoxMargin = 0.06f;

    // Limb thickness and head radius of the stickman, as shares of the landmarks' height (an adult's limbs
    // are roughly 5–9 % of their height across).
    private const float LimbWidth = 0.07f;
    private const float HeadRadius = 0.065f;

    /// <summary>The landmarks' bounding box, grown by <see cref="BoxMargin"/>, filled (255).</summary>
    public static Mat PoseBox(IReadOnlyList<Point2f> landmarks, int width, int height)
    {
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        if (landmarks.Count == 0)
        {
            return mask;
        }

        float minX = landmarks.Min(p => p.X), maxX = landmarks.Max(p => p.X), minY = landmarks.Min(p => p.Y), maxY = landmarks.Max(p => p.Y);
        float margin = BoxMargin * (maxY - minY);
        var box = new Rect((int)MathF.Floor(minX - margin), (int)MathF.Floor(minY - margin),
            (int)MathF.Ceiling(maxX - minX + 2 * margin), (int)MathF.Ceiling(maxY - minY + 2 * margin));
        Cv2.Rectangle(mask, box, Scalar.All(255), -1);
        return mask;
    }

    /// <summary>A thick stickman: limbs of <see cref="LimbWidth"/>, the torso quadrilateral filled, a disc for the head.</summary>
    public static Mat Stickman(IReadOnlyList<Point2f> landmarks, int width, int height)
    {
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        if (landmarks.Count < 33)
        {
            return mask;
        }

        float tall = landmarks.Max(p => p.Y) - landmarks.Min(p => p.Y);
        int limb = Math.Max(1, (int)MathF.Round(LimbWidth * tall));
        Point P(int i) => new((int)MathF.Round(landmarks[i].X), (int)MathF.Round(landmarks[i].Y));
        foreach ((int a, int b) in Bones)
        {
            Cv2.Line(mask, P(a), P(b), Scalar.All(255), limb, LineTypes.Link8);
        }

        Cv2.FillPoly(mask, [[P(11), P(12), P(24), P(23)]], Scalar.All(255));
        Cv2.Circle(mask, P(0), Math.Max(1, (int)MathF.Round(HeadRadius * tall)), Scalar.All(255), -1);
        return mask;
    }
}
