using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using VUnetStream.Render.Tests.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

public sealed class BehaviourTests
{
    [Fact]
    public void Prior_ChangingGroup3OfFinestLatent_ChangesNoPriorMean()
    {
        using VUnet model = NewTiny(1);
        using var scope = NewDisposeScope();
        Tensor stickman = randn(1, 3, 64, 64);
        using Latents z = RandomLatents(model, 2);

        using Latents before = model.PriorMeans(stickman, z);
        using Latents changed = WithGroupChanged(z, scale: 1, group: 3);
        using Latents after = model.PriorMeans(stickman, changed);

        for (int s = 0; s < 2; s++)
        {
            Assert.True(before.Scales[s].equal(after.Scales[s]).all().item<bool>(), $"prior mean of scale {s} changed");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Prior_ChangingGroup0_ChangesOnlyGroups1To3OfThatScale(int scale)
    {
        using VUnet model = NewTiny(2);
        using var scope = NewDisposeScope();
        Tensor stickman = randn(1, 3, 64, 64);
        using Latents z = RandomLatents(model, 3);

        using Latents before = model.PriorMeans(stickman, z);
        using Latents changed = WithGroupChanged(z, scale, group: 0);
        using Latents after = model.PriorMeans(stickman, changed);

        Tensor[] groupsBefore = SubpixelGroups.Split(before.Scales[scale]);
        Tensor[] groupsAfter = SubpixelGroups.Split(after.Scales[scale]);
        Assert.True(groupsBefore[0].equal(groupsAfter[0]).all().item<bool>(), "group 0's prior mean must not see group 0");
        for (int k = 1; k < 4; k++)
        {
            Assert.True(groupsBefore[k].sub(groupsAfter[k]).abs().max().item<float>() > 1e-4, $"group {k} must see group 0");
        }

        if (scale == 0)
        {
            // The coarser scale's z also conditions the finer scale's prior.
            Assert.False(before.Scales[1].equal(after.Scales[1]).all().item<bool>());
        }
    }

    [Fact]
    public void EncodeAppearance_TwiceEvenInTrainingMode_GivesIdenticalLatents()
    {
        using VUnet model = NewTiny(3);
        model.train();
        using var scope = NewDisposeScope();
        Tensor crops = randn(2, 24, 16, 16);

        using Latents a = model.EncodeAppearance(crops);
        using Latents b = model.EncodeAppearance(crops);
        using Tensor imageA = model.Decode(randn(2, 3, 64, 64).clamp(-1, 1), a);

        Assert.True(model.training);
        for (int s = 0; s < 2; s++)
        {
            Assert.True(a.Scales[s].equal(b.Scales[s]).all().item<bool>());
        }

        // Training passes sample z: two of them differ.
        model.eval();
        Tensor stickman = randn(2, 3, 64, 64);
        using VUnetOutput first = model.forward(stickman, crops);
        using VUnetOutput second = model.forward(stickman, crops);
        Assert.False(first.Reconstruction.equal(second.Reconstruction).all().item<bool>());
    }

    [Fact]
    public void InitializeDataDependent_GivesEveryConvZeroMeanUnitVarianceOnTheInitBatch()
    {
        using VUnet model = NewTiny(4);
        using ModelTestData data = ModelTestData.Create(model.Config, VUnet.MinimumInitBatch, seed: 4);

        model.InitializeDataDependent(data.Stickmen, data.Crops, new Generator(7));

        // Replaying the same pass (same noise) reproduces the init statistics at every conv output.
        var worstMean = 0.0;
        var worstVariance = 0.0;
        var seen = 0;
        var removers = model.Convolutions.Select(conv => conv.register_forward_hook((m, input, output) =>
        {
            worstMean = Math.Max(worstMean, output.mean([0, 2, 3]).abs().max().item<float>());
            worstVariance = Math.Max(worstVariance, output.var([0, 2, 3], unbiased: false).sub(1).abs().max().item<float>());
            seen++;
            return output;
        })).ToList();
        model.eval();
        using (no_grad())
        {
            using VUnetOutput output = model.Forward(data.Stickmen, data.Crops, new Generator(7));
        }

        removers.ForEach(r => r.remove());
        Assert.Equal(model.Convolutions.Count(), seen);
        Assert.True(worstMean < 1e-3, $"largest |mean| {worstMean}");
        Assert.True(worstVariance < 1e-3, $"largest |var − 1| {worstVariance}");
        Assert.All(model.Convolutions, c => Assert.False(c.DataDependentInitPending));
    }

    [Fact]
    public void InitializeDataDependent_TooSmallBatch_ThrowsWithAdvice()
    {
        using VUnet model = NewTiny(5);
        using var scope = NewDisposeScope();
        ArgumentException ex = Assert.Throws<ArgumentException>(() => model.InitializeDataDependent(randn(2, 3, 64, 64), randn(2, 24, 16, 16)));
        Assert.Contains("at least 8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdamSteps_OnOneTinyBatch_LowerPixelL1PlusKl()
    {
        manual_seed(6);
        using var model = new VUnet(new VUnetConfig { ImageSize = 32, BaseFilters = 8, MaxFilters = 16 });
        using ModelTestData data = ModelTestData.Create(model.Config, 8, seed: 6);
        model.InitializeDataDependent(data.Stickmen, data.Crops, new Generator(1));
        const double KlWeight = 1e-3;
        double before = EvaluateLoss(model, data, KlWeight);

        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3, beta1: 0.5, beta2: 0.9);
        model.train();
        for (int step = 0; step < 15; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using VUnetOutput output = model.forward(data.Stickmen, data.Crops);
            Tensor loss = nn.functional.l1_loss(output.Reconstruction, data.Images).add(output.Kl.mul(KlWeight));
            loss.backward();
            optimizer.step();
        }

        double after = EvaluateLoss(model, data, KlWeight);
        Assert.True(after < 0.8 * before, $"loss went from {before} to {after}");
    }

    [Fact]
    public void Transfer_OneAppearanceManyPoses_BroadcastsAndMatchesDecode()
    {
        using VUnet model = NewTiny(7);
        using ModelTestData data = ModelTestData.Create(model.Config, 3, seed: 7);
        using var scope = NewDisposeScope();
        Tensor oneCrops = data.Crops.narrow(0, 0, 1);

        Tensor transferred = model.Transfer(oneCrops, data.Stickmen);
        using Latents z = model.EncodeAppearance(oneCrops);
        Tensor third = model.Decode(data.Stickmen.narrow(0, 2, 1), z);

        Assert.Equal(new long[] { 3, 3, 64, 64 }, transferred.shape);
        AssertClose(transferred.narrow(0, 2, 1), third);
        Assert.Throws<ArgumentException>(() => model.Decode(data.Stickmen, Latents.Concat([z, z])));
    }

    [Fact]
    public void SampleAppearance_SameGeneratorSeed_SameLooks_DifferentSeed_DifferentLooks()
    {
        using VUnet model = NewTiny(8);
        using var scope = NewDisposeScope();
        Tensor stickman = randn(1, 3, 64, 64);

        using Latents a = model.SampleAppearance(stickman, new Generator(11));
        using Latents b = model.SampleAppearance(stickman, new Generator(11));
        using Latents c = model.SampleAppearance(stickman, new Generator(12));
        Tensor viaSample = model.Sample(stickman, new Generator(11));
        Tensor viaDecode = model.Decode(stickman, a);

        Assert.True(a.Scales[1].equal(b.Scales[1]).all().item<bool>());
        Assert.False(a.Scales[1].equal(c.Scales[1]).all().item<bool>());
        AssertClose(viaSample, viaDecode);
    }

    [Fact]
    public void Render_SkipsThePrior_CostsLessThanATrainingPass()
    {
        using VUnet model = NewTiny(9);
        long render = ModelCost.RenderMacsPerFrame(model);
        long training = ModelCost.TrainingForwardMacsPerImage(model);
        long encode = ModelCost.EncodeMacsPerImage(model);
        Assert.True(render > 0 && encode > 0);
        Assert.True(render + encode < training, $"render {render} + encode {encode} vs training {training}");
    }

    [Fact]
    public void MarketCrop_PaddedToSquare_RoundTripsThroughA128Model()
    {
        var config = new VUnetConfig { ImageSize = 128, BaseFilters = 4, MaxFilters = 8 }.Validated();
        using var model = new VUnet(config);
        using var image = new Mat(128, 64, MatType.CV_8UC3, new Scalar(40, 90, 160));
        PersonPose pose = TestPoses.Standing128().Transform(0.5f, 0f, 0f).Scale(1f, 2f).Transform(1f, 0f, -6f);

        (Mat padded, PersonPose square, SquarePadding padding) = SquarePad.Apply(image, pose);
        using (padded)
        {
            using var scope = NewDisposeScope();
            Tensor stickman = Stickman.ToTensor(square, 128, 128).unsqueeze(0);
            Tensor crops = PartCrops.Extract(padded, square, config.BoxFactor).unsqueeze(0);

            Tensor output = model.Reconstruct(stickman, crops);
            using Mat rendered = ImageTensors.ToBgr(output[0]);
            using Mat back = SquarePad.Crop(rendered, padding);

            Assert.Equal(new long[] { 1, 24, 32, 32 }, crops.shape);
            Assert.True(crops.abs().max().item<float>() > 0.2f, "the torso crop must hold the image");
            Assert.Equal(new long[] { 1, 3, 128, 128 }, output.shape);
            Assert.Equal((64, 128), (back.Cols, back.Rows));
        }
    }

    // Batch size changes the conv kernels' summation order, so compare relative to the output's scale.
    private static void AssertClose(Tensor actual, Tensor expected)
    {
        float scale = expected.abs().max().item<float>();
        float difference = actual.sub(expected).abs().max().item<float>();
        Assert.True(difference <= 1e-4f * scale, $"max difference {difference} at output scale {scale}");
    }

    private static VUnet NewTiny(int seed)
    {
        manual_seed(seed);
        return new VUnet(VUnetConfig.Tiny);
    }

    private static Latents RandomLatents(VUnet model, long seed)
    {
        var generator = new Generator((ulong)seed);
        return new Latents(model.Config.LatentShapes.Select(s => randn([1, .. s], generator: generator)).ToArray());
    }

    private static Latents WithGroupChanged(Latents z, int scale, int group)
    {
        Tensor[] scales = z.Scales.Select(s => s.clone()).ToArray();
        Tensor[] groups = SubpixelGroups.Split(scales[scale]);
        groups[group] = groups[group].add(1.5);
        scales[scale] = SubpixelGroups.Merge(groups);
        return new Latents(scales);
    }

    private static double EvaluateLoss(VUnet model, ModelTestData data, double klWeight)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            using VUnetOutput output = model.Forward(data.Stickmen, data.Crops, new Generator(99));
            return nn.functional.l1_loss(output.Reconstruction, data.Images).add(output.Kl.mul(klWeight)).item<float>();
        }
    }
}
