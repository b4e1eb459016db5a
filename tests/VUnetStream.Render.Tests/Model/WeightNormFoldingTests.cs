using TorchSharp;
using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

/// <summary>Weight normalisation folded into plain weights for inference (issue 13: an inference-only graph).</summary>
public sealed class WeightNormFoldingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AFoldedConv_InEvalMode_GivesTheSameOutputAsTheUnfoldedOne(int stride)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var conv = new WeightNormConv2d("conv", 4, 6, 3, stride);
        using (no_grad())
        {
            conv.parameters().First(p => p.shape.Length == 4 && p.shape[1] == 1).mul_(2.5); // g ≠ 1, so the scale matters
        }

        conv.eval();
        Tensor x = randn(2, 4, 8, 8);
        Tensor plain = conv.forward(x);

        conv.FoldForInference();
        Tensor folded = conv.forward(x);

        Assert.True(conv.IsFolded);
        Assert.True(plain.allclose(folded, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void AFoldedConv_ForwardInTrainingMode_DropsTheCache_SoUpdatedWeightsAreUsed()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var conv = new WeightNormConv2d("conv", 3, 3);
        conv.eval();
        conv.FoldForInference();
        Tensor x = randn(1, 3, 6, 6);

        conv.train();
        conv.forward(x).Dispose();
        using (no_grad())
        {
            foreach (var p in conv.parameters())
            {
                p.add_(0.5); // what an optimizer step would do
            }
        }

        conv.eval();
        Tensor afterUpdate = conv.forward(x);
        Tensor expected = nn.functional.conv2d(x, conv.Weight(), conv.parameters().Last(), padding: [1, 1]);

        Assert.False(conv.IsFolded);
        Assert.True(afterUpdate.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void AWholeFoldedModel_RendersLikeTheUnfoldedModel_AndKeepsItsStateDictKeys()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = new VUnet(new VUnetConfig { ImageSize = 32, BaseFilters = 8, MaxFilters = 16 });
        using ModelTestData data = ModelTestData.Create(model.Config, 2, seed: 5);
        model.eval();
        string[] keys = model.state_dict().Keys.ToArray();
        Tensor before;
        using (inference_mode())
        {
            before = model.Transfer(data.Crops, data.Stickmen);
        }

        model.FoldWeightNormForInference();
        Tensor after;
        using (inference_mode())
        {
            after = model.Transfer(data.Crops, data.Stickmen);
        }

        Assert.All(model.Convolutions, c => Assert.True(c.IsFolded));
        Assert.Equal(keys, model.state_dict().Keys.ToArray());
        Assert.True(before.allclose(after, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void AFoldedConv_ConvertedToBFloat16_FoldsAgainInTheNewType()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var conv = new WeightNormConv2d("conv", 3, 4);
        conv.eval();
        conv.FoldForInference();
        Tensor x = randn(1, 3, 6, 6);
        Tensor reference = conv.forward(x);

        conv.to(ScalarType.BFloat16);
        Tensor output = conv.forward(x.to(ScalarType.BFloat16));

        Assert.Equal(ScalarType.BFloat16, output.dtype);
        Assert.True(output.to(ScalarType.Float32).allclose(reference, rtol: 0.05, atol: 0.05));
    }
}
