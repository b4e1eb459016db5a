using OpenCvSharp;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Inference;

/// <summary>
/// How far renders in a reduced precision (bfloat16) are from the float32 renders of the same frames, as
/// a viewer sees them: both composited onto mid grey (an alpha model's person over the background the
/// pipeline uses by default) and quantised to 8-bit images.
/// </summary>
/// <param name="Frames">How many frames were compared.</param>
/// <param name="MeanSsim">Mean SSIM between the two renders of each frame.</param>
/// <param name="MinSsim">The worst frame's SSIM.</param>
/// <param name="MaxPixelDifference">Largest |difference| of one 8-bit channel value anywhere (0–255).</param>
/// <param name="MeanPixelDifference">Mean |difference| over all channel values (0–255).</param>
public sealed record PrecisionComparison(int Frames, double MeanSsim, double MinSsim, double MaxPixelDifference, double MeanPixelDifference)
{
    /// <summary>The quality gate's SSIM floor (the performance issue's: renders a person cannot tell apart).</summary>
    public const double MinimumSsim = 0.99;

    /// <summary>
    /// The gate's limit on the mean 8-bit difference: 2 levels is below what a viewer notices in a moving
    /// video (a single pixel may differ more where an edge moves by a fraction of a pixel).
    /// </summary>
    public const double MaximumMeanPixelDifference = 2.0;

    /// <summary>True when the renders pass the gate (SSIM of every frame and the mean difference).</summary>
    public bool Passes => MinSsim >= MinimumSsim && MeanPixelDifference <= MaximumMeanPixelDifference;

    /// <summary>Compares two batches of model outputs [N, 3 or 4, S, S] (any float dtype) frame by frame.</summary>
    public static PrecisionComparison Of(Tensor reference, Tensor candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!reference.shape.SequenceEqual(candidate.shape))
        {
            throw new ArgumentException($"renders of different shapes: [{string.Join(", ", reference.shape)}] vs [{string.Join(", ", candidate.shape)}]");
        }

        Mat[] a = ToViewedImages(reference);
        Mat[] b = ToViewedImages(candidate);
        try
        {
            var ssims = new double[a.Length];
            double max = 0;
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                ssims[i] = ImageMetrics.Ssim(a[i], b[i]);
                using var difference = new Mat();
                Cv2.Absdiff(a[i], b[i], difference);
                using Mat flat = difference.Reshape(1);
                flat.MinMaxLoc(out double _, out double frameMax);
                max = Math.Max(max, frameMax);
                Scalar mean = Cv2.Mean(difference);
                sum += (mean.Val0 + mean.Val1 + mean.Val2) / 3;
            }

            return new PrecisionComparison(a.Length, ssims.Average(), ssims.Min(), max, sum / a.Length);
        }
        finally
        {
            foreach (Mat m in a.Concat(b))
            {
                m.Dispose();
            }
        }
    }

    private static Mat[] ToViewedImages(Tensor output)
    {
        using var scope = NewDisposeScope();
        Tensor asFloat = output.detach().to(ScalarType.Float32).cpu();
        Tensor viewed = AlphaComposite.Over(asFloat, AlphaComposite.Colour(128, 128, 128));
        return ImageTensors.ToBgrBatch(viewed);
    }
}
