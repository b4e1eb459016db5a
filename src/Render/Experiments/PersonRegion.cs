using OpenCvSharp;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// SSIM and L1 over the person only, given the truth's person mask (8-bit, ≥ 128 = person). Full-frame
/// scores are dominated by the background, which a model can copy or average without rendering the
/// person; these are not.
/// </summary>
internal static class PersonRegion
{
    /// <summary>Mask values from this up count as person (the masks have soft edges).</summary>
    public const byte Threshold = 128;

    /// <summary>What the outside of the mask is set to before SSIM, in both images.</summary>
    public const byte Fill = 128;

    /// <summary>The person pixels of <paramref name="mask"/> as 0/255, after checking its type and size.</summary>
    public static Mat Binarize(Mat mask, Size expected)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Type() != MatType.CV_8UC1)
        {
            throw new ArgumentException($"a person mask must be 8-bit single-channel, got {mask.Type()}", nameof(mask));
        }

        if (mask.Size() != expected)
        {
            throw new ArgumentException($"person mask is {mask.Cols}x{mask.Rows}, the image {expected.Width}x{expected.Height}", nameof(mask));
        }

        var binary = new Mat();
        Cv2.Threshold(mask, binary, Threshold - 1, 255, ThresholdTypes.Binary);
        return binary;
    }

    /// <summary>
    /// SSIM averaged over the person pixels. Outside the mask both images are set to mid grey first, so
    /// windows at the outline compare the person's edge against the same neutral surround instead of
    /// against two different backgrounds. Pixels near the image border are kept (their windows are
    /// reflected): a person in a small image often touches it. NaN for an empty mask.
    /// </summary>
    public static double Ssim(Mat truth, Mat output, Mat truthMask)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(output);
        using Mat person = Binarize(truthMask, truth.Size());
        if (Cv2.CountNonZero(person) == 0)
        {
            return double.NaN;
        }

        using Mat a = OnGrey(truth, person);
        using Mat b = OnGrey(output, person);
        using Mat map = ImageMetrics.SsimMap(a, b);
        return Cv2.Mean(map, person)[0];
    }

    /// <summary>
    /// "Mask-SSIM" in the convention of the pose-guided person generation papers (Ma et al., NeurIPS
    /// 2017, and the work that reports it after them): both images with everything outside the truth's
    /// person set to the same grey, then SSIM over the whole frame. The shared background counts as
    /// agreement, so this is much higher than <see cref="Ssim"/>; it is here to compare with published
    /// figures, never alone. NaN for an empty mask.
    /// </summary>
    public static double MaskSsim(Mat truth, Mat output, Mat truthMask)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(output);
        using Mat person = Binarize(truthMask, truth.Size());
        if (Cv2.CountNonZero(person) == 0)
        {
            return double.NaN;
        }

        using Mat a = OnGrey(truth, person);
        using Mat b = OnGrey(output, person);
        return ImageMetrics.Ssim(a, b);
    }

    /// <summary>Gaussian σ, in pixels, of <see cref="BlurredTruthSsim"/>.</summary>
    public const double ReferenceBlurSigma = 1.0;

    /// <summary>
    /// <see cref="Ssim"/> of the truth against itself blurred by a Gaussian of σ
    /// <see cref="ReferenceBlurSigma"/> px: what a renderer that gets every colour and shape right but
    /// is one pixel soft would score. A reference for how much sharpness the person-region figure asks.
    /// </summary>
    public static double BlurredTruthSsim(Mat truth, Mat truthMask)
    {
        ArgumentNullException.ThrowIfNull(truth);
        using var blurred = new Mat();
        Cv2.GaussianBlur(truth, blurred, new Size(0, 0), ReferenceBlurSigma);
        return Ssim(truth, blurred, truthMask);
    }

    /// <summary>Mean |truth − output| in [0, 1] over the person pixels; NaN for an empty mask.</summary>
    public static double L1(Mat truth, Mat output, Mat truthMask)
    {
        ArgumentNullException.ThrowIfNull(truth);
        using Mat person = Binarize(truthMask, truth.Size());
        return ImageMetrics.L1(truth, output, person);
    }

    private static Mat OnGrey(Mat image, Mat person)
    {
        var result = new Mat(image.Size(), image.Type(), Scalar.All(Fill));
        image.CopyTo(result, person);
        return result;
    }
}
