using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Inference;

/// <summary>
/// The gate that lets the pipeline render in bfloat16: on the trained default model, bf16 renders must be
/// indistinguishable from float32 ones (on CPUs without native bf16 this runs emulated, slowly but correctly).
/// </summary>
public sealed class BFloat16QualityGateTests
{
    [Fact]
    public void TheDefaultModel_LoadedInBFloat16_RendersWhatFloat32RendersWithinTheGate()
    {
        Checkpoint checkpoint = Checkpoint.Resolve(RepositoryFiles.Combine("models", "default"));
        using VUnet fp32 = ModelLoader.Load(checkpoint);
        using VUnet bf16 = ModelLoader.Load(checkpoint, dtype: ScalarType.BFloat16);
        using var scope = NewDisposeScope();
        (Tensor stickmen, Tensor crops, _) = ModelBenchmark.SyntheticInputs(fp32.Config, 4, seed: 5);

        Tensor reference = fp32.Decode(stickmen, fp32.EncodeAppearance(crops));
        Tensor candidate = bf16.Decode(stickmen.to(ScalarType.BFloat16), bf16.EncodeAppearance(crops.to(ScalarType.BFloat16)));
        PrecisionComparison comparison = PrecisionComparison.Of(reference, candidate);

        Assert.Equal(ScalarType.BFloat16, bf16.WeightType);
        Assert.Equal(ScalarType.BFloat16, candidate.dtype);
        Assert.True(comparison.Passes, $"bf16 vs fp32: {comparison}");
        // Not the same numbers: the model really ran in bf16.
        Assert.True(comparison.MeanPixelDifference > 0, $"bf16 renders are bit-identical to fp32 ones: {comparison}");
    }

    [Fact]
    public void PrecisionComparison_OfARenderAndAVisiblyBrighterCopy_FailsTheGate()
    {
        using var scope = NewDisposeScope();
        Tensor render = rand(2, 4, 32, 32, generator: new Generator(3)).mul(2).sub(1);
        // The person (alpha channel untouched) 10 % of the range brighter: about 13 levels, plainly visible.
        Tensor brighter = cat([render.narrow(1, 0, 3).add(0.1).clamp(-1, 1), render.narrow(1, 3, 1)], 1);

        PrecisionComparison same = PrecisionComparison.Of(render, render.clone());
        PrecisionComparison different = PrecisionComparison.Of(render, brighter);

        Assert.True(same.Passes);
        Assert.Equal(1.0, same.MinSsim, 6);
        Assert.Equal(0.0, same.MaxPixelDifference);
        Assert.False(different.Passes, different.ToString());
        Assert.True(different.MeanPixelDifference > PrecisionComparison.MaximumMeanPixelDifference, different.ToString());
    }

    [Fact]
    public void PrecisionComparison_OfBatchesOfDifferentShapes_SaysSo()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => PrecisionComparison.Of(zeros(2, 3, 16, 16), zeros(1, 3, 16, 16)));
        Assert.Contains("different shapes", error.Message, StringComparison.Ordinal);
    }
}
