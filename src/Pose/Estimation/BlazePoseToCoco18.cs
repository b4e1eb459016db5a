using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Estimation;

/// <summary>
/// Maps BlazePose's 33 body landmarks (already in frame pixels) to OpenPose's COCO-18 joints.
/// The neck, which BlazePose lacks, is the shoulder midpoint. A joint's confidence is the smaller of
/// its visibility and presence probabilities (sigmoid of the logits), so a joint counts only when the
/// network thinks it is both inside the region and not hidden, MediaPipe's own rule for drawing one.
/// </summary>
internal static class BlazePoseToCoco18
{
    /// <summary>BlazePose landmark index for each COCO-18 joint; −1 for the neck, which is derived.</summary>
    public static IReadOnlyList<int> Source { get; } =
        [0, -1, 12, 14, 16, 11, 13, 15, 24, 26, 28, 23, 25, 27, 5, 2, 8, 7];

    private const int LeftShoulder = 11;
    private const int RightShoulder = 12;

    public static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));

    /// <summary>
    /// Builds the COCO-18 pose. Joints whose confidence is below <paramref name="minConfidence"/>, or
    /// that fall outside the <paramref name="width"/>×<paramref name="height"/> frame, are marked missing
    /// rather than guessed.
    /// </summary>
    public static PersonPose Map(IReadOnlyList<Point2f> points, IReadOnlyList<float> visibilityLogits, IReadOnlyList<float> presenceLogits,
        int width, int height, float minConfidence)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(visibilityLogits);
        ArgumentNullException.ThrowIfNull(presenceLogits);
        var joints = new Keypoint[Coco18Skeleton.JointCount];
        for (int j = 0; j < joints.Length; j++)
        {
            int s = Source[j];
            Keypoint k;
            if (s >= 0)
            {
                k = new Keypoint(points[s].X, points[s].Y, Confidence(visibilityLogits[s], presenceLogits[s]));
            }
            else
            {
                Point2f l = points[LeftShoulder], r = points[RightShoulder];
                float c = Math.Min(
                    Confidence(visibilityLogits[LeftShoulder], presenceLogits[LeftShoulder]),
                    Confidence(visibilityLogits[RightShoulder], presenceLogits[RightShoulder]));
                k = new Keypoint((l.X + r.X) / 2f, (l.Y + r.Y) / 2f, c);
            }

            bool inside = k.X >= 0 && k.Y >= 0 && k.X < width && k.Y < height;
            joints[j] = inside && k.Confidence >= minConfidence && k.Confidence > 0 ? k : Keypoint.Missing;
        }

        return new PersonPose(joints);
    }

    private static float Confidence(float visibilityLogit, float presenceLogit) =>
        Math.Min(Sigmoid(visibilityLogit), Sigmoid(presenceLogit));
}
