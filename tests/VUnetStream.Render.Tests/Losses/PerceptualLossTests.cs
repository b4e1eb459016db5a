using VUnetStream.Render.Losses;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Losses;

[Collection(ResNet18Group.Name)]
public sealed class PerceptualLossTests(ResNet18Fixture resnet)
{
    [Fact]
    public void None_IsFiveTimesMeanAbsolutePixelDifference()
    {
        using var loss = PerceptualLoss.Create("none");
        using var scope = NewDisposeScope();
        var x = TestImages.Noise(2, 16, 16, seed: 1);
        var xHat = TestImages.Noise(2, 16, 16, seed: 2);

        double expected = 5 * (x - xHat).abs().mean().item<float>();

        Assert.Equal(expected, loss.forward(x, xHat).item<float>(), 5);
        Assert.Equal(["pixel"], loss.TermNames);
    }

    [Fact]
    public void ResNet18_IdenticalImages_GiveZeroLoss()
    {
        using var scope = NewDisposeScope();
        var x = TestImages.Smooth(2, 64, 64, seed: 3);

        Assert.Equal(0.0, resnet.Loss.forward(x, x.clone()).item<float>());
    }

    [Fact]
    public void ResNet18_DifferentImages_GivePositiveLossAboveThePixelTerm()
    {
        using var scope = NewDisposeScope();
        var x = TestImages.Smooth(2, 64, 64, seed: 4);
        var xHat = TestImages.Smooth(2, 64, 64, seed: 5);

        var terms = resnet.Loss.terms(x, xHat);
        float total = resnet.Loss.forward(x, xHat).item<float>();

        Assert.Equal(6, terms.shape[0]);
        Assert.All(terms.data<float>().ToArray(), t => Assert.True(t > 0, $"term {t} should be positive"));
        Assert.True(total > 5 * terms[0].item<float>(), "feature terms must add to the pixel term");
        Assert.Equal(total, resnet.Loss.Combine(terms).item<float>(), 4);
    }

    [Fact]
    public void ResNet18_GradientReachesReconstruction_AndNotTheFrozenWeights()
    {
        using var scope = NewDisposeScope();
        var x = TestImages.Smooth(2, 64, 64, seed: 6);
        var xHat = TestImages.Smooth(2, 64, 64, seed: 7).requires_grad_();

        resnet.Loss.forward(x, xHat).backward();

        Assert.NotNull(xHat.grad);
        Assert.True(xHat.grad!.abs().sum().item<float>() > 0);
        Assert.All(resnet.Features.parameters(), p =>
        {
            Assert.False(p.requires_grad);
            Assert.Null(p.grad);
        });
        Assert.False(resnet.Features.training);
    }

    [Fact]
    public void ResNet18_InABFloat16Scope_IsNearTheFloat32Loss_StaysFrozen_AndFloat32IsExactlyAsBeforeAfterwards()
    {
        using var scope = NewDisposeScope();
        var x = TestImages.Smooth(2, 64, 64, seed: 10);
        var xHat = TestImages.Smooth(2, 64, 64, seed: 11).requires_grad_();
        float before = resnet.Loss.forward(x, xHat).item<float>();

        Tensor mixed;
        using (VUnetStream.Render.Model.MixedPrecision.Enter(ScalarType.BFloat16))
        {
            mixed = resnet.Loss.forward(x, xHat);
        }

        mixed.backward();
        float after = resnet.Loss.forward(x, xHat).item<float>();

        Assert.Equal(ScalarType.Float32, mixed.dtype);
        double error = Math.Abs(mixed.item<float>() - before) / before;
        Assert.True(error is > 0 and < 0.02, $"bf16 loss {mixed.item<float>()} vs float32 {before}");
        Assert.True(xHat.grad!.abs().sum().item<float>() > 0);
        Assert.All(resnet.Features.parameters(), p =>
        {
            Assert.False(p.requires_grad);
            Assert.Null(p.grad);
            Assert.Equal(ScalarType.Float32, p.dtype);
        });

        // The float32 weights came back exactly, not from their bf16 copies.
        Assert.Equal(before, after);
    }

    [Fact]
    public void ResNet18_FeatureGradient_IsMoreThanThePixelGradient()
    {
        // The feature terms must contribute to the gradient, not only to the value.
        using var scope = NewDisposeScope();
        var x = TestImages.Smooth(1, 64, 64, seed: 8);
        var xHat = TestImages.Smooth(1, 64, 64, seed: 9).requires_grad_();
        using var pixelOnly = PerceptualLoss.Create("none");

        var full = autograd.grad([resnet.Loss.forward(x, xHat)], [xHat])[0];
        var pixel = autograd.grad([pixelOnly.forward(x, xHat)], [xHat])[0];

        Assert.True((full - pixel).abs().max().item<float>() > 1e-6f);
    }

    [Fact]
    public void TrainMode_OnTheLoss_LeavesTheFeatureNetworkInEvalMode()
    {
        resnet.Loss.train();
        try
        {
            Assert.False(resnet.Features.training);
            Assert.All(resnet.Features.modules(), m => Assert.False(m.training, $"{m.GetName()} is training"));
        }
        finally
        {
            resnet.Loss.eval();
        }
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => PerceptualLoss.Create("alexnet"));

        Assert.Contains("'alexnet'", error.Message, StringComparison.Ordinal);
        foreach (string name in PerceptualLoss.NetworkNames)
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_Vgg19WithoutWeights_ThrowsSayingAFileIsNeeded()
    {
        var error = Assert.Throws<ArgumentException>(() => PerceptualLoss.Create("vgg19"));

        Assert.Contains("weights file", error.Message, StringComparison.Ordinal);
        Assert.Contains("resnet18", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoneWithWeightsFile_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => PerceptualLoss.Create("none", "weights.pth"));

        Assert.Contains("weights.pth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NameIsCaseInsensitive_AndEmptyMeansTheDefault()
    {
        using var upper = PerceptualLoss.Create(" NONE ");

        Assert.Equal("none", upper.NetworkName);
        Assert.Equal("resnet18", PerceptualLoss.DefaultNetwork);
    }

    [Fact]
    public void Constructor_WrongNumberOfLayerWeights_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new PerceptualLoss("none", null, [1.0, 1.0]));

        Assert.Contains("1 terms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LayerWeights_ScaleTheirTerms()
    {
        using var scope = NewDisposeScope();
        using var weighted = new PerceptualLoss("none", null, [0.5], scale: 2);
        var x = TestImages.Noise(1, 8, 8, seed: 10);
        var xHat = TestImages.Noise(1, 8, 8, seed: 11);

        double expected = 2 * 0.5 * (x - xHat).abs().mean().item<float>();

        Assert.Equal(expected, weighted.forward(x, xHat).item<float>(), 5);
    }

    [Fact]
    public void Forward_MismatchedShapes_Throws()
    {
        using var loss = PerceptualLoss.Create("none");
        using var scope = NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => loss.forward(zeros(1, 3, 8, 8), zeros(1, 3, 8, 4)));

        Assert.Contains("same shape", error.Message, StringComparison.Ordinal);
    }
}
