using OpenCvSharp;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// Removes a person from an image: the person mask is dilated (so the matte's soft rim and a shadow's
/// edge go too) and the hole is filled from its surroundings by Telea's fast-marching inpainting.
/// </summary>
public static class PersonRemoval
{
    /// <summary>Default dilation: 2 % of the image height (at least 2 pixels).</summary>
    public const double DilationFraction = 0.02;

    private const double InpaintRadius = 5;

    /// <summary>The dilation radius for an image <paramref name="height"/> pixels high.</summary>
    public static int DilationFor(int height) => Math.Max(2, (int)Math.Round(DilationFraction * height));

    /// <summary>
    /// A new image: <paramref name="image"/> (CV_8UC3) with the pixels of <paramref name="personMask"/>
    /// (CV_8UC1, ≥ 128 = person, same size) grown by <paramref name="dilatePixels"/> (default
    /// <see cref="DilationFor"/>) inpainted. An empty mask gives a copy.
    /// </summary>
    public static Mat Remove(Mat image, Mat personMask, int? dilatePixels = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(personMask);
        if (image.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"the image must be 8-bit BGR, got {image.Type()}", nameof(image));
        }

        using Mat hole = Dilated(personMask, image.Size(), dilatePixels ?? DilationFor(image.Rows));
        var result = new Mat();
        if (Cv2.CountNonZero(hole) == 0)
        {
            image.CopyTo(result);
            return result;
        }

        Cv2.Inpaint(image, hole, result, InpaintRadius, InpaintTypes.Telea);
        return result;
    }

    /// <summary>The hard mask (≥ 128) grown by a disc of <paramref name="radius"/> pixels (CV_8UC1, 0 or 255).</summary>
    public static Mat Dilated(Mat personMask, Size expectedSize, int radius)
    {
        ArgumentNullException.ThrowIfNull(personMask);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        if (personMask.Type() != MatType.CV_8UC1)
        {
            throw new ArgumentException($"the person mask must be 8-bit, one channel, got {personMask.Type()}", nameof(personMask));
        }

        if (personMask.Size() != expectedSize)
        {
            throw new ArgumentException($"the person mask is {personMask.Width}x{personMask.Height}, the image {expectedSize.Width}x{expectedSize.Height}", nameof(personMask));
        }

        var hard = new Mat();
        Cv2.Threshold(personMask, hard, 127, 255, ThresholdTypes.Binary);
        if (radius > 0)
        {
            using Mat disc = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * radius + 1, 2 * radius + 1));
            Cv2.Dilate(hard, hard, disc);
        }

        return hard;
    }
}
