using OpenCvSharp;

namespace VUnetStream.Pose.Estimation;

/// <summary>
/// A square, possibly rotated region of a frame that the landmark network looks at: centre, side
/// length and rotation (radians, clockwise on screen; 0 = upright). The network sees it resampled to
/// <see cref="InputSize"/>² pixels with the body's axis pointing up, as MediaPipe's tracking does.
/// </summary>
public readonly record struct PoseRegion(float CenterX, float CenterY, float Side, float Rotation)
{
    public const int InputSize = 256;

    /// <summary>MediaPipe enlarges the landmark-derived box by this factor so motion between frames stays inside it.</summary>
    public const float TrackingMargin = 1.25f;

    /// <summary>
    /// The region MediaPipe derives from BlazePose's two alignment points: the hip centre and a point
    /// on the circle around the whole body. The side is the circle's diameter times the margin; the
    /// rotation turns the hip→circle vector to straight up.
    /// </summary>
    public static PoseRegion FromAlignmentPoints(Point2f hipCenter, Point2f circlePoint, bool rotate, float margin = TrackingMargin)
    {
        float dx = circlePoint.X - hipCenter.X, dy = circlePoint.Y - hipCenter.Y;
        float radius = MathF.Sqrt(dx * dx + dy * dy);
        float rotation = rotate ? MathF.Atan2(dx, -dy) : 0f;
        return new PoseRegion(hipCenter.X, hipCenter.Y, 2f * radius * margin, rotation);
    }

    /// <summary>An upright square centred on a detector box, with the box's longer side.</summary>
    public static PoseRegion AroundBox(Rect2f box, float scale = 1f) =>
        new(box.X + box.Width / 2f, box.Y + box.Height / 2f, Math.Max(box.Width, box.Height) * scale, 0f);

    /// <summary>The whole frame as one upright square (the frame's longer side), for a person who fills the image.</summary>
    public static PoseRegion WholeFrame(int width, int height) => new(width / 2f, height / 2f, Math.Max(width, height), 0f);

    /// <summary>The affine map from frame pixels to network-input pixels (for <c>WarpAffine</c>).</summary>
    public Mat FrameToInput()
    {
        float k = InputSize / Side;
        float cos = MathF.Cos(Rotation) * k, sin = MathF.Sin(Rotation) * k;
        float half = InputSize / 2f;
        // u = half + k·R(−θ)·(p − c), with R(−θ) = [[cos, sin], [−sin, cos]].
        var m = new Mat(2, 3, MatType.CV_64FC1);
        m.Set(0, 0, (double)cos);
        m.Set(0, 1, (double)sin);
        m.Set(0, 2, (double)(half - cos * CenterX - sin * CenterY));
        m.Set(1, 0, (double)-sin);
        m.Set(1, 1, (double)cos);
        m.Set(1, 2, (double)(half + sin * CenterX - cos * CenterY));
        return m;
    }

    /// <summary>Maps a point in network-input pixels back to frame pixels.</summary>
    public Point2f InputToFrame(float u, float v)
    {
        float k = Side / InputSize;
        float x = (u - InputSize / 2f) * k, y = (v - InputSize / 2f) * k;
        float cos = MathF.Cos(Rotation), sin = MathF.Sin(Rotation);
        return new Point2f(CenterX + cos * x - sin * y, CenterY + sin * x + cos * y);
    }

    /// <summary>Resamples the region of <paramref name="frame"/> into a network-sized image (zeros outside the frame).</summary>
    public Mat Crop(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using Mat m = FrameToInput();
        var crop = new Mat();
        Cv2.WarpAffine(frame, crop, m, new Size(InputSize, InputSize), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.Black);
        return crop;
    }
}
