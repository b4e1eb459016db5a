using System.Security.Cryptography;
using System.Text;
using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

public sealed class ArchitectureTests
{
    [Fact]
    public void Reference256_HasAbout47MParametersMostInThePrior()
    {
        using var model = new VUnet(VUnetConfig.Reference(256));

        long prior = model.named_parameters().Where(p => p.name.Contains(".prior.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        Assert.Equal(46_370_310, model.ParameterCount);
        Assert.Equal(ExpectedParameterCount(VUnetConfig.Reference(256)), model.ParameterCount);
        Assert.Equal(33_733_120, prior);
        Assert.Equal(10_240, model.Config.LatentDimensions);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    public void Reference_OtherSizes_MatchTheSpecFormula(int size)
    {
        using var model = new VUnet(VUnetConfig.Reference(size));
        Assert.Equal(ExpectedParameterCount(model.Config), model.ParameterCount);
    }

    [Fact]
    public void Tiny_PinsParameterCountAndStateDictKeys()
    {
        using var model = new VUnet(VUnetConfig.Tiny);
        var entries = model.state_dict().Select(kv => $"{kv.Key}:[{string.Join(",", kv.Value.shape)}]").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(2_737_030, model.ParameterCount);
        Assert.Equal(ExpectedParameterCount(VUnetConfig.Tiny), model.ParameterCount);
        Assert.Equal(258, entries.Length);
        Assert.Contains("enc_up.nin.weight_v:[32,24,1,1]", entries);
        Assert.Contains("enc_up.scales.0.blocks.0.conv.weight_g:[32,1,1,1]", entries);
        Assert.Contains("enc_down.scales.0.mean.weight_v:[32,32,3,3]", entries);
        Assert.Contains("enc_down.scales.0.post.0.skip.weight_v:[32,64,1,1]", entries);
        Assert.Contains("enc_down.scales.0.up.conv.weight_v:[128,32,3,3]", entries);
        Assert.Contains("dec_up.scales.0.down.weight_v:[32,16,3,3]", entries);
        Assert.Contains("dec_down.scales.0.prior.means.3.weight_v:[32,128,3,3]", entries);
        Assert.Contains("dec_down.scales.0.prior.feedback.2.skip.weight_v:[128,32,1,1]", entries);
        Assert.Contains("dec_down.scales.1.merge.0.weight_v:[32,64,1,1]", entries);
        Assert.Contains("dec_down.scales.4.post.0.conv.bias:[16]", entries);
        Assert.Contains("dec_params.weight_v:[3,16,3,3]", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("dec_down.scales.2.prior", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("enc_down.scales.1.up", StringComparison.Ordinal));
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", entries))))[..16];
        Assert.Equal("94F3C5A9DD59A0E1", hash);
    }

    [Fact]
    public void Tiny_Forward_GivesImageAndScalarKlWithLatentShapes()
    {
        using var model = new VUnet(VUnetConfig.Tiny);
        using var scope = NewDisposeScope();
        Tensor stickman = randn(2, 3, 64, 64);
        Tensor crops = randn(2, 24, 16, 16);

        using VUnetOutput output = model.forward(stickman, crops);

        Assert.Equal(new long[] { 2, 3, 64, 64 }, output.Reconstruction.shape);
        Assert.Equal(0, output.Kl.dim());
        Assert.Equal(new long[] { 2, 32, 4, 4 }, output.PosteriorMeans.Scales[0].shape);
        Assert.Equal(new long[] { 2, 32, 8, 8 }, output.PosteriorMeans.Scales[1].shape);
        Assert.Equal(new long[] { 2, 32, 8, 8 }, output.PriorMeans.Scales[1].shape);
        // KL = Σ_scales mean_batch Σ ½(μq − μp)².
        double expected = output.PosteriorMeans.Scales
            .Zip(output.PriorMeans.Scales, (q, p) => q.sub(p).square().sum([1, 2, 3]).mul(0.5).mean().item<float>())
            .Sum();
        Assert.Equal(expected, output.Kl.item<float>(), expected * 1e-5);
    }

    [Theory]
    [InlineData(64, 3)]
    [InlineData(128, 4)]
    [InlineData(256, 5)]
    public void SmallFilters_AllSizes_ProduceFullSizeImagesAnd4x4And8x8Latents(int size, int appearanceScales)
    {
        var config = new VUnetConfig { ImageSize = size, BaseFilters = 4, MaxFilters = 8 }.Validated();
        using var model = new VUnet(config);
        using var scope = NewDisposeScope();
        Tensor stickman = randn(1, 3, size, size);
        Tensor crops = randn(1, 24, size / 4, size / 4);

        Tensor image = model.Reconstruct(stickman, crops);
        Latents z = model.EncodeAppearance(crops);

        Assert.Equal(appearanceScales, config.AppearanceScales);
        Assert.Equal(new long[] { 1, 3, size, size }, image.shape);
        Assert.Equal(new long[] { 1, 8, 4, 4 }, z.Scales[0].shape);
        Assert.Equal(new long[] { 1, 8, 8, 8 }, z.Scales[1].shape);
        z.Dispose();
    }

    [Fact]
    public void WrongInputShapes_ThrowNamingTheExpectedShape()
    {
        using var model = new VUnet(VUnetConfig.Tiny);
        using var scope = NewDisposeScope();
        ArgumentException stickman = Assert.Throws<ArgumentException>(() => model.Sample(randn(1, 3, 32, 32)));
        Assert.Contains("[N, 3, 64, 64]", stickman.Message, StringComparison.Ordinal);
        ArgumentException crops = Assert.Throws<ArgumentException>(() => model.EncodeAppearance(randn(1, 24, 64, 64)));
        Assert.Contains("[N, 24, 16, 16]", crops.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_JsonRoundTrip_KeepsEverySetting()
    {
        var config = new VUnetConfig { ImageSize = 128, BoxFactor = 1, BottleneckFactor = 1, BaseFilters = 16, MaxFilters = 64, Dropout = 0.2 };
        string json = config.ToJson();

        Assert.Contains("\"image_size\": 128", json, StringComparison.Ordinal);
        Assert.Equal(config, VUnetConfig.FromJson(json));
    }

    [Theory]
    [InlineData("{\"image_size\": 100}", "power of two")]
    [InlineData("{\"res_blocks_per_scale\": 3}", "even")]
    [InlineData("{\"bottleneck_factor\": 0}", "2x2")]
    [InlineData("{\"image_size\": 64, \"box_factor\": 4}", "latent_scales")]
    [InlineData("not json", "not a valid model config")]
    public void Config_Invalid_ThrowsInvalidDataNamingTheSource(string json, string expected)
    {
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => VUnetConfig.FromJson(json, "my.json"));
        Assert.StartsWith("my.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The spec's architecture (docs/vunet-reference.md) counted by hand: weight-normalised convs have out·in·k² + 2·out values.</summary>
    internal static long ExpectedParameterCount(VUnetConfig c)
    {
        static long Conv(long input, long output, long k) => output * input * k * k + 2 * output;
        static long Res(long channels, long skip) => (skip > 0 ? Conv(skip, channels, 1) : 0) + Conv(skip > 0 ? 2 * channels : channels, channels, 3);
        static long Prior(long channels) => Res(channels, 0) + 4 * Conv(4 * channels, channels, 3) + 3 * Res(4 * channels, channels);

        int n = c.ResBlocksPerScale;
        int scales = c.Scales;
        long[] fine = Enumerable.Range(0, scales).Select(s => (long)c.Filters(s)).ToArray();
        long[] app = Enumerable.Range(c.BoxFactor, c.AppearanceScales).Select(s => (long)c.Filters(s)).ToArray();
        long[] coarse = fine.Reverse().ToArray();

        long BottomUp(long input, long[] widths) =>
            Conv(input, widths[0], 1) + widths.Select((w, s) => n * Res(w, 0) + (s + 1 < widths.Length ? Conv(w, widths[s + 1], 3) : 0)).Sum();

        long posterior = Conv(coarse[0], coarse[0], 1) + Enumerable.Range(0, c.LatentScales).Sum(l =>
            (n / 2 * Res(coarse[l], coarse[l])) + Conv(coarse[l], coarse[l], 3) + (n / 2 * Res(coarse[l], 2 * coarse[l]))
            + (l + 1 < c.LatentScales ? Conv(coarse[l], 4 * coarse[l + 1], 3) : 0));
        long decoder = Conv(coarse[0], coarse[0], 1) + Enumerable.Range(0, scales).Sum(l =>
            (n * Res(coarse[l], coarse[l]))
            + (l < c.LatentScales ? Prior(coarse[l]) + (n / 2 * Conv(2 * coarse[l], coarse[l], 1)) : 0)
            + (l + 1 < scales ? Conv(coarse[l], 4 * coarse[l + 1], 3) : 0));
        return BottomUp(24, app) + posterior + BottomUp(3, fine) + decoder + Conv(fine[0], c.OutputChannels, 3);
    }
}
