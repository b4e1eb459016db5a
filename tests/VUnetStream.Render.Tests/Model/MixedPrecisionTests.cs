using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

public sealed class MixedPrecisionTests
{
    [Fact]
    public void Convolution_InABFloat16Scope_GivesFloat32ResultsAndGradientsNearFloat32s_ButNotEqual()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var conv = new WeightNormConv2d("conv", 8, 16);
        Tensor x = randn(2, 8, 16, 16);
        Tensor r = randn(2, 16, 16, 16);

        (Tensor y32, Tensor grad32) = ForwardBackward(conv, x, r, null);
        (Tensor yMixed, Tensor gradMixed) = ForwardBackward(conv, x, r, ScalarType.BFloat16);

        Assert.Equal(ScalarType.Float32, yMixed.dtype);
        Assert.Equal(ScalarType.Float32, gradMixed.dtype);
        double outputError = RelativeError(yMixed, y32);
        double gradientError = RelativeError(gradMixed, grad32);
        Assert.True(outputError is > 0 and < 0.02, $"output relative error {outputError}");
        Assert.True(gradientError is > 0 and < 0.05, $"weight gradient relative error {gradientError}");
    }

    [Fact]
    public void Scope_BelongsToItsThread_AndDisposingRestoresTheOuterOne()
    {
        Assert.Null(MixedPrecision.ConvolutionType);
        using (MixedPrecision.Enter(ScalarType.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, MixedPrecision.ConvolutionType);
            ScalarType? elsewhere = ScalarType.BFloat16;
            var other = new Thread(() => elsewhere = MixedPrecision.ConvolutionType);
            other.Start();
            other.Join();
            Assert.Null(elsewhere);
            using (MixedPrecision.Enter(ScalarType.Float32))
            {
                Assert.Null(MixedPrecision.ConvolutionType);
            }

            Assert.Equal(ScalarType.BFloat16, MixedPrecision.ConvolutionType);
        }

        Assert.Null(MixedPrecision.ConvolutionType);
    }

    private static (Tensor Output, Tensor WeightGradient) ForwardBackward(WeightNormConv2d conv, Tensor x, Tensor r, ScalarType? compute)
    {
        conv.zero_grad();
        Tensor y;
        using (MixedPrecision.Enter(compute))
        {
            y = conv.forward(x);
        }

        y.mul(r).sum().backward();
        Tensor grad = conv.named_parameters().Single(p => p.name == "weight_v").parameter.grad!.clone();
        return (y.detach(), grad);
    }

    private static double RelativeError(Tensor actual, Tensor expected) =>
        actual.sub(expected).norm().item<float>() / expected.norm().item<float>();
}
