using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

public sealed class LayerTests
{
    [Fact]
    public void SpaceToDepth_UsesTensorFlowPositionMajorOrder()
    {
        // x[c, y, x] = 100·c + 10·y + x, C = 2, 4×4.
        using var scope = NewDisposeScope();
        Tensor x = arange(2 * 4 * 4, dtype: ScalarType.Float32).reshape(1, 2, 4, 4);
        x = x.div(16).floor().mul(100).add(x.remainder(16).div(4).floor().mul(10)).add(x.remainder(4));

        Tensor s = SubpixelGroups.SpaceToDepth(x);

        Assert.Equal(new long[] { 1, 8, 2, 2 }, s.shape);
        // Channel (dy·2 + dx)·C + c at (i, j) holds x[c, 2i + dy, 2j + dx].
        for (int dy = 0; dy < 2; dy++)
        {
            for (int dx = 0; dx < 2; dx++)
            {
                for (int c = 0; c < 2; c++)
                {
                    float expected = 100 * c + 10 * (2 * 1 + dy) + (2 * 0 + dx);
                    Assert.Equal(expected, s[0, (dy * 2 + dx) * 2 + c, 1, 0].item<float>());
                }
            }
        }

        Assert.True(SubpixelGroups.DepthToSpace(s).equal(x).all().item<bool>());
        Tensor[] groups = SubpixelGroups.Split(x);
        Assert.Equal(4, groups.Length);
        Assert.Equal(x[0, 0, 1, 0].item<float>(), groups[2][0, 0, 0, 0].item<float>()); // group 2 = (dy 1, dx 0)
        Assert.True(SubpixelGroups.Merge(groups).equal(x).all().item<bool>());
    }

    [Fact]
    public void WeightNormConv2d_Stride2_PadsLikeTensorFlowSame()
    {
        using var conv = new WeightNormConv2d("down", 1, 1, kernelSize: 3, stride: 2);
        using var scope = NewDisposeScope();
        Tensor x = arange(16, dtype: ScalarType.Float32).reshape(1, 1, 4, 4).add(1);
        SetKernel(conv, tapY: 0, tapX: 0);

        Tensor topLeft = conv.call(x);

        // With 0 padding before, the top-left tap of output (i, j) reads x[2i, 2j]; symmetric padding would read x[2i − 1, 2j − 1].
        Assert.Equal(new long[] { 1, 1, 2, 2 }, topLeft.shape);
        Assert.Equal(new[] { 1f, 3f, 9f, 11f }, topLeft.flatten().data<float>().ToArray());

        SetKernel(conv, tapY: 2, tapX: 2);
        Tensor bottomRight = conv.call(x);
        // Bottom-right tap reads x[2i + 2, 2j + 2]: inside for (0, 0), the one padded zero row/column after otherwise.
        Assert.Equal(new[] { 11f, 0f, 0f, 0f }, bottomRight.flatten().data<float>().ToArray());
    }

    [Fact]
    public void WeightNormConv2d_WeightHasNormGPerOutputFilter()
    {
        using var conv = new WeightNormConv2d("c", 5, 3, kernelSize: 3);
        using var scope = NewDisposeScope();
        Tensor w = conv.Weight();
        Tensor norms = w.square().sum([1, 2, 3]).sqrt();
        Assert.True(norms.allclose(ones(3), rtol: 1e-5, atol: 1e-6));
        Dictionary<string, Tensor> state = conv.state_dict();
        Assert.Equal(new[] { "bias", "weight_g", "weight_v" }, state.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(new long[] { 3, 1, 1, 1 }, state["weight_g"].shape);
    }

    [Fact]
    public void WeightNormConv2d_DataDependentInit_GivesZeroMeanUnitVariancePerChannel()
    {
        using var conv = new WeightNormConv2d("c", 4, 6, kernelSize: 3);
        using var scope = NewDisposeScope();
        Tensor x = randn(8, 4, 8, 8).mul(3).add(2);

        conv.RequestDataDependentInit();
        Tensor first = conv.call(x);
        Tensor again = conv.call(x);

        Assert.False(conv.DataDependentInitPending);
        Assert.True(first.allclose(again, rtol: 1e-4, atol: 1e-5));
        Assert.True(again.mean([0, 2, 3]).abs().max().item<float>() < 1e-4);
        Assert.True(again.var([0, 2, 3], unbiased: false).sub(1).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void ModelCost_ConvMacs_CountsOutputTimesInputTimesKernel()
    {
        using var conv = new WeightNormConv2d("c", 4, 8, kernelSize: 3);
        Assert.Equal(16L * 16 * 8 * 4 * 9, ModelCost.ConvMacs(conv, 16, 16));
    }

    private static void SetKernel(WeightNormConv2d conv, int tapY, int tapX)
    {
        using (no_grad())
        {
            Dictionary<string, Tensor> state = conv.state_dict();
            state["weight_v"].zero_();
            state["weight_v"][0, 0, tapY, tapX] = tensor(1f);
            state["weight_g"].fill_(1f);
            state["bias"].zero_();
        }
    }
}
