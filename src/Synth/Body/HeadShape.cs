namespace VUnetStream.Synth.Body;

/// <summary>
/// The head as an ellipsoid and where the face keypoints sit on it. Shared by the kinematics (which
/// places the keypoints) and the renderer (which draws the face there), so the two always agree.
/// Directions are in the head's frame: x to the person's left, y up, z forward.
/// </summary>
internal static class HeadShape
{
    /// <summary>Half-width of the head relative to its vertical radius.</summary>
    public const double WidthFactor = 0.78;

    /// <summary>Half-depth of the head relative to its vertical radius.</summary>
    public const double DepthFactor = 0.9;

    /// <summary>How far the nose tip stands out of the face, relative to the vertical radius.</summary>
    public const double NoseLength = 0.2;

    public const double NoseHeight = -0.14;

    /// <summary>Unit direction of the left eye (the right eye mirrors x).</summary>
    public static (double X, double Y, double Z) LeftEye { get; } = Unit(0.38, 0.1, 0.92);

    public static (double X, double Y, double Z) LeftEar { get; } = Unit(1.0, -0.05, -0.1);

    public static (double X, double Y, double Z) Mouth { get; } = Unit(0, -0.45, 0.89);

    private static (double, double, double) Unit(double x, double y, double z)
    {
        double n = Math.Sqrt(x * x + y * y + z * z);
        return (x / n, y / n, z / n);
    }
}
