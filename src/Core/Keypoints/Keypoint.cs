namespace VUnetStream.Core.Keypoints;

/// <summary>
/// One 2D joint in pixel coordinates with a confidence in [0, 1]. A missing joint has confidence 0
/// and negative coordinates, the convention of OpenPose output and of the benchmark CSV files (−1).
/// </summary>
public readonly record struct Keypoint(float X, float Y, float Confidence)
{
    public static Keypoint Missing { get; } = new(-1f, -1f, 0f);

    /// <summary>A joint is present when it has positive confidence and non-negative coordinates.</summary>
    public bool IsPresent => Confidence > 0f && X >= 0f && Y >= 0f && float.IsFinite(X) && float.IsFinite(Y);

    public static Keypoint At(float x, float y, float confidence = 1f) => new(x, y, confidence);
}
