using OpenCvSharp;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Render.Tests.Experiments;

public sealed class ImageMetricsTests
{
    // Reference values computed with an independent direct implementation (plain Python loops over the
    // 11×11 Gaussian window, σ 1.5, interior pixels only) of the same LCG-generated images.
    private const double ReferenceSsim = 0.9874763417407372;
    private const double ReferencePsnr = 26.887320174466947;
    private const double ReferenceL1 = 0.038754992737836606;

    [Fact]
    public void Ssim_IdenticalImages_IsOne()
    {
        (Mat a, _) = NoisyPair();
        using (a)
        {
            Assert.Equal(1.0, ImageMetrics.Ssim(a, a), 12);
        }
    }

    [Fact]
    public void Ssim_ConstantImages_MatchesClosedForm()
    {
        // Constant images have zero variance, so SSIM = (2ab + C1) / (a² + b² + C1) with a = 100/255, b = 150/255.
        using var a = new Mat(20, 20, MatType.CV_8UC3, Scalar.All(100));
        using var b = new Mat(20, 20, MatType.CV_8UC3, Scalar.All(150));
        Assert.Equal(0.923092310530793, ImageMetrics.Ssim(a, b), 9);
    }

    [Fact]
    public void Metrics_KnownNoiseCase_MatchReferenceValues()
    {
        (Mat a, Mat b) = NoisyPair();
        using (a)
        using (b)
        {
            Assert.Equal(ReferenceSsim, ImageMetrics.Ssim(a, b), 9);
            Assert.Equal(ReferencePsnr, ImageMetrics.Psnr(a, b), 9);
            Assert.Equal(ReferenceL1, ImageMetrics.L1(a, b), 12);
        }
    }

    [Fact]
    public void Psnr_UniformOffsetOfTen_Is20Log10Of25point5()
    {
        using var a = new Mat(16, 16, MatType.CV_8UC3, Scalar.All(60));
        using var b = new Mat(16, 16, MatType.CV_8UC3, Scalar.All(70));
        Assert.Equal(28.130803608679106, ImageMetrics.Psnr(a, b), 9);
    }

    [Fact]
    public void Psnr_IdenticalImages_IsCapped()
    {
        using var a = new Mat(16, 16, MatType.CV_8UC3, Scalar.All(60));
        Assert.Equal(ImageMetrics.MaxPsnr, ImageMetrics.Psnr(a, a));
    }

    [Fact]
    public void L1_WithMask_CountsOnlyMaskedPixels()
    {
        using var a = new Mat(10, 10, MatType.CV_8UC3, Scalar.All(0));
        using var b = new Mat(10, 10, MatType.CV_8UC3, Scalar.All(0));
        using (var right = new Mat(b, new Rect(5, 0, 5, 10)))
        {
            right.SetTo(Scalar.All(255));
        }

        using var mask = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(0));
        using (var left = new Mat(mask, new Rect(0, 0, 5, 10)))
        {
            left.SetTo(Scalar.All(1));
        }

        Assert.Equal(0.5, ImageMetrics.L1(a, b), 12);
        Assert.Equal(0.0, ImageMetrics.L1(a, b, mask), 12);
    }

    [Fact]
    public void Ssim_DifferentSizes_Throws()
    {
        using var a = new Mat(16, 16, MatType.CV_8UC3, Scalar.All(0));
        using var b = new Mat(16, 17, MatType.CV_8UC3, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(a, b));
    }

    // 24×24×3: a uniform random pattern and a copy with ±20 noise, from the LCG x ← (1103515245x + 12345) mod 2³¹.
    private static (Mat A, Mat B) NoisyPair()
    {
        const int N = 24;
        long state = 12345;
        int Next()
        {
            state = (1103515245 * state + 12345) % (1L << 31);
            return (int)(state >> 16);
        }

        var a = new byte[N * N * 3];
        var b = new byte[N * N * 3];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (byte)(Next() % 256);
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = (byte)Math.Clamp(a[i] + Next() % 41 - 20, 0, 255);
        }

        var matA = new Mat(N, N, MatType.CV_8UC3);
        var matB = new Mat(N, N, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(a, 0, matA.Data, a.Length);
        System.Runtime.InteropServices.Marshal.Copy(b, 0, matB.Data, b.Length);
        return (matA, matB);
    }
}
