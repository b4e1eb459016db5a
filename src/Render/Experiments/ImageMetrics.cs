using OpenCvSharp;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// Image similarity on 8-bit images of the same size, pixel values scaled to [0, 1]:
/// <list type="bullet">
/// <item>SSIM as the pose-transfer benchmarks compute it (skimage <c>structural_similarity</c> with
/// <c>gaussian_weights=True, sigma=1.5, use_sample_covariance=False</c>, data range 1): an 11×11
/// Gaussian window (σ 1.5), K1 0.01, K2 0.03, per channel, averaged over the pixels whose window lies
/// inside the image and over the channels;</item>
/// <item>PSNR = 10·log10(1 / MSE) in dB over all pixels and channels, capped at 100 dB for identical images;</item>
/// <item>L1 = mean absolute difference.</item>
/// </list>
/// </summary>
internal static class ImageMetrics
{
    public const int SsimWindow = 11;
    public const double SsimSigma = 1.5;
    public const double MaxPsnr = 100.0;
    private const double C1 = 0.01 * 0.01;
    private const double C2 = 0.03 * 0.03;

    /// <summary>Mean SSIM over the pixels whose window lies inside the image, and over the channels.</summary>
    public static double Ssim(Mat a, Mat b)
    {
        using Mat map = SsimMap(a, b);
        int pad = (SsimWindow - 1) / 2;
        using var inner = new Mat(map, new Rect(pad, pad, map.Cols - 2 * pad, map.Rows - 2 * pad));
        return Cv2.Mean(inner)[0];
    }

    /// <summary>
    /// The SSIM of every pixel's window, averaged over the channels (CV_64FC1, the images' size). Near
    /// the border the window is reflected; <see cref="Ssim"/> leaves those pixels out, a region
    /// measure may keep them (a person often touches the border of a small image).
    /// </summary>
    public static Mat SsimMap(Mat a, Mat b)
    {
        (Mat x, Mat y) = ToUnitFloat(a, b);
        using (x)
        using (y)
        {
            if (x.Rows < SsimWindow || x.Cols < SsimWindow)
            {
                throw new ArgumentException($"SSIM needs images of at least {SsimWindow}x{SsimWindow} pixels, got {x.Cols}x{x.Rows}");
            }

            using Mat muX = Blur(x);
            using Mat muY = Blur(y);
            using Mat exx = BlurredProduct(x, x);
            using Mat eyy = BlurredProduct(y, y);
            using Mat exy = BlurredProduct(x, y);
            using Mat muX2 = Product(muX, muX);
            using Mat muY2 = Product(muY, muY);
            using Mat muXY = Product(muX, muY);
            // numerator (2 μxμy + C1)(2 σxy + C2), denominator (μx² + μy² + C1)(σx² + σy² + C2)
            using Mat numerator1 = Affine(muXY, 2.0, C1);
            using Mat covariance = Difference(exy, muXY);
            using Mat numerator2 = Affine(covariance, 2.0, C2);
            using Mat squares = Sum(muX2, muY2);
            using Mat denominator1 = Affine(squares, 1.0, C1);
            using Mat moments = Sum(exx, eyy);
            using Mat means = Sum(muX2, muY2);
            using Mat variances = Difference(moments, means);
            using Mat denominator2 = Affine(variances, 1.0, C2);
            using Mat numerator = Product(numerator1, numerator2);
            using Mat denominator = Product(denominator1, denominator2);
            using var map = new Mat();
            Cv2.Divide(numerator, denominator, map);
            int channels = map.Channels();
            if (channels == 1)
            {
                return map.Clone();
            }

            // Mean over the channels: the image-level SSIM averages channels with equal weight.
            using Mat flat = map.Reshape(1, map.Rows * map.Cols);
            using var perPixel = new Mat();
            Cv2.Reduce(flat, perPixel, ReduceDimension.Column, ReduceTypes.Avg, MatType.CV_64F);
            return perPixel.Reshape(1, map.Rows).Clone();
        }
    }

    public static double Psnr(Mat a, Mat b)
    {
        double mse = MeanSquaredError(a, b);
        return mse <= Math.Pow(10, -MaxPsnr / 10) ? MaxPsnr : 10 * Math.Log10(1.0 / mse);
    }

    public static double MeanSquaredError(Mat a, Mat b)
    {
        (Mat x, Mat y) = ToUnitFloat(a, b);
        using (x)
        using (y)
        {
            using Mat diff = Difference(x, y);
            using Mat squared = Product(diff, diff);
            return MeanOverChannels(squared, null);
        }
    }

    /// <summary>Mean absolute difference in [0, 1]; with <paramref name="mask"/> (8-bit, non-zero = in), only over the masked pixels.</summary>
    public static double L1(Mat a, Mat b, Mat? mask = null)
    {
        (Mat x, Mat y) = ToUnitFloat(a, b);
        using (x)
        using (y)
        {
            using var diff = new Mat();
            Cv2.Absdiff(x, y, diff);
            return MeanOverChannels(diff, mask);
        }
    }

    private static double MeanOverChannels(Mat values, Mat? mask)
    {
        if (mask is not null && Cv2.CountNonZero(mask) == 0)
        {
            return double.NaN;
        }

        Scalar mean = mask is null ? Cv2.Mean(values) : Cv2.Mean(values, mask);
        int channels = values.Channels();
        double sum = 0;
        for (int c = 0; c < channels; c++)
        {
            sum += mean[c];
        }

        return sum / channels;
    }

    private static Mat BlurredProduct(Mat a, Mat b)
    {
        using Mat product = Product(a, b);
        return Blur(product);
    }

    private static Mat Blur(Mat m)
    {
        var result = new Mat();
        Cv2.GaussianBlur(m, result, new Size(SsimWindow, SsimWindow), SsimSigma, SsimSigma, BorderTypes.Reflect);
        return result;
    }

    private static Mat Product(Mat a, Mat b)
    {
        var result = new Mat();
        Cv2.Multiply(a, b, result);
        return result;
    }

    private static Mat Sum(Mat a, Mat b)
    {
        var result = new Mat();
        Cv2.Add(a, b, result);
        return result;
    }

    private static Mat Difference(Mat a, Mat b)
    {
        var result = new Mat();
        Cv2.Subtract(a, b, result);
        return result;
    }

    // a·m + b per element and channel.
    private static Mat Affine(Mat m, double a, double b)
    {
        var result = new Mat();
        m.ConvertTo(result, -1, a, b);
        return result;
    }

    private static (Mat X, Mat Y) ToUnitFloat(Mat a, Mat b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Size() != b.Size() || a.Channels() != b.Channels())
        {
            throw new ArgumentException($"images differ in size or channels: {a.Cols}x{a.Rows}x{a.Channels()} vs {b.Cols}x{b.Rows}x{b.Channels()}");
        }

        if (a.Depth() != MatType.CV_8U || b.Depth() != MatType.CV_8U)
        {
            throw new ArgumentException("metrics expect 8-bit images");
        }

        var x = new Mat();
        var y = new Mat();
        a.ConvertTo(x, MatType.CV_64FC(a.Channels()), 1.0 / 255);
        b.ConvertTo(y, MatType.CV_64FC(b.Channels()), 1.0 / 255);
        return (x, y);
    }
}
