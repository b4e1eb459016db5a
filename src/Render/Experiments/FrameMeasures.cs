using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// The image measures of <c>eval</c> for hosts that score frames outside a dataset (<c>eval-video</c>): the same
/// SSIM, PSNR and L1 (<see cref="ImageMetrics"/>) and part-colour error (<see cref="PartColours"/>), so a number means
/// the same in every report. Images are 8-bit BGR of one size.
/// </summary>
public static class FrameMeasures
{
    /// <summary>The smallest side SSIM's 11×11 window accepts.</summary>
    public const int MinSsimSide = ImageMetrics.SsimWindow;

    public static double Ssim(Mat truth, Mat output) => ImageMetrics.Ssim(truth, output);

    /// <summary>PSNR in dB (capped at 100 for identical images).</summary>
    public static double Psnr(Mat truth, Mat output) => ImageMetrics.Psnr(truth, output);

    /// <summary>Mean |truth − output| in [0, 1].</summary>
    public static double L1(Mat truth, Mat output) => ImageMetrics.L1(truth, output);

    /// <summary>
    /// Mean |ΔRGB| (0–255) of the body parts' mean colours, the parts located from <paramref name="truthPose"/> and
    /// intersected with <paramref name="truthMask"/> (8-bit, ≥ 128 = person) when given; NaN without a common part.
    /// </summary>
    public static double PartColourError(Mat output, Mat truth, PersonPose truthPose, Mat? truthMask = null) =>
        PartColours.Error(output, truth, truthPose, truthMask);
}
