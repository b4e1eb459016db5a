using OpenCvSharp;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// Puts the model's person (BGRA at model size, straight alpha = the matte) into a scene at output
/// resolution: the colour premultiplied by alpha and the alpha are resampled together (bicubic, so the
/// matte's edge is smooth at the output size, not a scaled-up 64² staircase) through the placement, then
/// <c>out = colour·α + scene·(1 − α)</c>. Only the part of the scene the placed square covers is touched.
/// </summary>
public static class PlacedComposite
{
    /// <summary>
    /// Composites <paramref name="person"/> (CV_8UC4) into <paramref name="scene"/> (CV_8UC3, changed in place);
    /// <paramref name="squareToScene"/> maps the person image's pixel coordinates to the scene's.
    /// </summary>
    public static void Over(Mat scene, Mat person, Similarity squareToScene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(person);
        if (scene.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"the scene must be 8-bit BGR, got {scene.Type()}", nameof(scene));
        }

        if (person.Type() != MatType.CV_8UC4)
        {
            throw new ArgumentException($"the person must be 8-bit BGRA (colour and matte), got {person.Type()}", nameof(person));
        }

        Rect roi = Covered(scene.Size(), person.Size(), squareToScene);
        if (roi.Width <= 0 || roi.Height <= 0)
        {
            return;
        }

        using var premultiplied = new Mat();
        person.ConvertTo(premultiplied, MatType.CV_32FC4, 1 / 255.0);
        Mat[] channels = Cv2.Split(premultiplied);
        try
        {
            for (int c = 0; c < 3; c++)
            {
                Cv2.Multiply(channels[c], channels[3], channels[c]);
            }

            Cv2.Merge(channels, premultiplied);
        }
        finally
        {
            Array.ForEach(channels, m => m.Dispose());
        }

        using var toRoi = new Mat(2, 3, MatType.CV_64FC1);
        toRoi.Set(0, 0, (double)squareToScene.Scale);
        toRoi.Set(0, 1, 0.0);
        toRoi.Set(0, 2, (double)squareToScene.OffsetX - roi.X);
        toRoi.Set(1, 0, 0.0);
        toRoi.Set(1, 1, (double)squareToScene.Scale);
        toRoi.Set(1, 2, (double)squareToScene.OffsetY - roi.Y);
        using var warped = new Mat();
        Cv2.WarpAffine(premultiplied, warped, toRoi, roi.Size, InterpolationFlags.Cubic, BorderTypes.Constant, Scalar.All(0));

        Mat[] parts = Cv2.Split(warped);
        try
        {
            // Bicubic overshoots a little at sharp edges: keep alpha in [0, 1] and colour in [0, α].
            Mat alpha = parts[3];
            Cv2.Max(alpha, 0.0, alpha);
            Cv2.Min(alpha, 1.0, alpha);
            for (int c = 0; c < 3; c++)
            {
                Cv2.Max(parts[c], 0.0, parts[c]);
                Cv2.Min(parts[c], alpha, parts[c]);
            }

            using var colour = new Mat();
            Cv2.Merge([parts[0], parts[1], parts[2]], colour);
            using var rest = new Mat();
            alpha.ConvertTo(rest, MatType.CV_32FC1, -1.0, 1.0);
            using var rest3 = new Mat();
            Cv2.Merge([rest, rest, rest], rest3);

            using Mat region = scene[roi];
            using var background = new Mat();
            region.ConvertTo(background, MatType.CV_32FC3, 1 / 255.0);
            Cv2.Multiply(background, rest3, background);
            Cv2.Add(background, colour, background);
            background.ConvertTo(region, MatType.CV_8UC3, 255.0);
        }
        finally
        {
            Array.ForEach(parts, m => m.Dispose());
        }
    }

    /// <summary>The scene pixels the placed image reaches (its corners mapped, a pixel of margin for the filter), clipped to the scene.</summary>
    internal static Rect Covered(Size scene, Size person, Similarity squareToScene)
    {
        (float x0, float y0) = squareToScene.Apply(-1, -1);
        (float x1, float y1) = squareToScene.Apply(person.Width, person.Height);
        int left = Math.Max(0, (int)Math.Floor(x0) - 1), top = Math.Max(0, (int)Math.Floor(y0) - 1);
        int right = Math.Min(scene.Width, (int)Math.Ceiling(x1) + 1), bottom = Math.Min(scene.Height, (int)Math.Ceiling(y1) + 1);
        return new Rect(left, top, right - left, bottom - top);
    }
}
