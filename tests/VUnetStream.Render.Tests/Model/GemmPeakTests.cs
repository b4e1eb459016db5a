using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

public sealed class GemmPeakTests
{
    [Fact]
    public void Measure_ASmallFloat32Product_GivesAPlausibleRate()
    {
        double gflops = GemmPeak.Measure(ScalarType.Float32, seconds: 0.05, n: 128);
        // Any CPU of this decade does more than 0.1 GFLOP/s on two cores and fewer than 100 TFLOP/s.
        Assert.InRange(gflops, 0.1, 100_000);
    }

    [Fact]
    public void Measure_WithATinyMatrixOrNoTime_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmPeak.Measure(ScalarType.Float32, 1, n: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmPeak.Measure(ScalarType.Float32, 0));
    }
}
