using VUnetStream.Render.Losses;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

public sealed class AlphaOutputTests
{
    private static readonly VUnetConfig TinyAlpha = VUnetConfig.Tiny with { OutputAlpha = true };

    [Fact]
    public void AlphaModel_HasOneMoreOutputFilter_AndRendersFourChannels()
    {
        using var plain = new VUnet(VUnetConfig.Tiny);
        using var alpha = new VUnet(TinyAlpha);
        string[] keys = [.. alpha.state_dict().Select(kv => $"{kv.Key}:[{string.Join(",", kv.Value.shape)}]")];

        // One more 3×3 filter over the 16 finest channels: weight_v 16·9, weight_g 1, bias 1.
        Assert.Equal(plain.ParameterCount + (16 * 9) + 2, alpha.ParameterCount);
        Assert.Equal(ArchitectureTests.ExpectedParameterCount(TinyAlpha), alpha.ParameterCount);
        Assert.Contains("dec_params.weight_v:[4,16,3,3]", keys);
        using ModelTestData data = ModelTestData.Create(TinyAlpha, 2, seed: 1);
        using Tensor output = alpha.Reconstruct(data.Stickmen, data.Crops);
        Assert.Equal(new long[] { 2, 4, 64, 64 }, output.shape);
    }

    [Fact]
    public void Config_WithoutOutputAlpha_ReadsAsThreeChannels_AndTheKeyRoundTrips()
    {
        Assert.False(VUnetConfig.FromJson("""{"image_size": 64}""").OutputAlpha);
        VUnetConfig back = VUnetConfig.FromJson(TinyAlpha.ToJson());
        Assert.True(back.OutputAlpha);
        Assert.Equal(4, back.OutputChannels);
        Assert.Contains("\"output_alpha\": true", TinyAlpha.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 0.5)]   // alpha +1: the person's colour
    [InlineData(-1.0, -0.8)] // alpha −1: the background
    [InlineData(0.0, -0.15)] // alpha 0: halfway
    [InlineData(3.0, 0.5)]   // beyond +1: clamped, still opaque
    public void Over_FourChannels_MixesColourAndBackgroundByAlpha(double alphaValue, double expected)
    {
        using Tensor output = cat([full(1, 3, 2, 2, 0.5), full(1, 1, 2, 2, alphaValue)], 1);
        using Tensor background = tensor(new[] { -0.8f, -0.8f, -0.8f });
        using Tensor picture = AlphaComposite.Over(output, background);
        Assert.Equal(new long[] { 1, 3, 2, 2 }, picture.shape);
        Assert.Equal(expected, picture.mean().item<float>(), 4);
    }

    [Fact]
    public void Over_ThreeChannels_IsTheOutputItself()
    {
        using Tensor output = full(1, 3, 2, 2, 0.25);
        using Tensor picture = AlphaComposite.Over(output, tensor(new[] { -1f, -1f, -1f }));
        Assert.Null(AlphaComposite.Alpha(output));
        Assert.Equal(0.25, picture.mean().item<float>(), 5);
    }

    [Fact]
    public void Objective_AlphaModel_IgnoresTheBackgroundColour_AndATransparentAlphaCannotRevealTheTruth()
    {
        using PerceptualLoss loss = PerceptualLoss.Create("none");
        var options = new TrainingOptions { AlphaLossWeight = 5 };
        // Target: person (mask 1) in the left column, a background of 0.9 elsewhere; person colour 0.2.
        using Tensor mask = tensor(new float[] { 1, 0, 1, 0 }, [1, 1, 2, 2]);
        using Tensor images = mask.mul(0.2).add(mask.neg().add(1).mul(0.9)).expand(-1, 3, -1, -1).contiguous();
        // Output: right person colour, a wildly wrong background colour, alpha exactly the mask.
        using Tensor rgb = full(1, 3, 2, 2, 0.2).add(mask.neg().add(1).mul(-1.0));
        using Tensor good = cat([rgb, mask.mul(2).sub(1)], 1);
        // Wrong colours everywhere and a fully transparent alpha: must not look like a perfect reconstruction.
        using Tensor hiding = cat([full(1, 3, 2, 2, -0.7), full(1, 1, 2, 2, -1.0)], 1);

        ReconstructionTerms right = ReconstructionObjective.Compute(loss, options, images, good, mask);
        ReconstructionTerms hidden = ReconstructionObjective.Compute(loss, options, images, hiding, mask);

        Assert.Equal(0, right.Total.item<float>(), 5);
        Assert.Equal(0.45, hidden.PixelL1.item<float>(), 4); // |−0.7 − 0.2| on the 2 person pixels of 4
        Assert.Equal(1.0, hidden.AlphaL1.item<float>(), 4);  // |−1 − 1| on the 2 person pixels of 4
    }

    [Fact]
    public void Objective_PersonWeight_MakesAnErrorOnThePersonCostOnePlusWTimesMore()
    {
        using PerceptualLoss loss = PerceptualLoss.Create("none");
        var options = new TrainingOptions { PersonLossWeight = 4 };
        using Tensor mask = tensor(new float[] { 1, 0, 0, 0 }, [1, 1, 2, 2]);
        using Tensor images = zeros(1, 3, 2, 2);
        using Tensor onPerson = mask.mul(0.4).expand(-1, 3, -1, -1).contiguous();
        using Tensor onBackground = tensor(new float[] { 0, 0.4f, 0, 0 }, [1, 1, 2, 2]).expand(-1, 3, -1, -1).contiguous();

        double person = ReconstructionObjective.Compute(loss, options, images, onPerson, mask).Total.item<float>();
        double background = ReconstructionObjective.Compute(loss, options, images, onBackground, mask).Total.item<float>();

        Assert.Equal(5.0, person / background, 4);
    }

    [Fact]
    public void CheckData_AlphaModelOnADatasetWithoutMasks_FailsNamingTheMasks()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            ReconstructionObjective.CheckData(TinyAlpha, new TrainingOptions(), datasetHasMasks: false, "data/x"));
        Assert.Contains("masks/", error.Message, StringComparison.Ordinal);
        Assert.Contains("data/x", error.Message, StringComparison.Ordinal);
        ReconstructionObjective.CheckData(VUnetConfig.Tiny, new TrainingOptions(), datasetHasMasks: false, "data/x");
        Assert.Throws<InvalidDataException>(() =>
            ReconstructionObjective.CheckData(VUnetConfig.Tiny, new TrainingOptions { PersonLossWeight = 2 }, datasetHasMasks: false, "data/x"));
    }
}
