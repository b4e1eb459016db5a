using VUnetStream.Application.Caching;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Application.Tests;

/// <summary>What the service's model cache keys on: the resolved checkpoint folder, the device and the dtype.</summary>
public sealed class ModelCacheTests
{
    private static readonly VUnetConfig Small = new VUnetConfig { ImageSize = 32, BaseFilters = 8, MaxFilters = 16, BoxFactor = 2, BottleneckFactor = 2 }.Validated();

    [Fact]
    public void Get_ForTheSameFolderTwice_LoadsOnceAndReturnsTheSameModel()
    {
        var loads = new List<string>();
        using var cache = new ModelCache((checkpoint, _, _) =>
        {
            loads.Add(checkpoint.Directory);
            return new VUnet(checkpoint.Config.Model);
        });

        VUnet first = cache.Get(At("/models/a"), CPU);
        VUnet again = cache.Get(At("/models/a/"), CPU);

        Assert.Same(first, again);
        Assert.Single(loads);
        Assert.Equal(1, cache.Loads);
    }

    [Fact]
    public void Get_ForAnotherFolder_LoadsThatOneToo()
    {
        using var cache = new ModelCache((checkpoint, _, _) => new VUnet(checkpoint.Config.Model));

        VUnet a = cache.Get(At("/models/a"), CPU);
        VUnet b = cache.Get(At("/models/b"), CPU);

        Assert.NotSame(a, b);
        Assert.Equal(2, cache.Loads);
    }

    [Fact]
    public void Get_ForTheSameFolderInAnotherPrecision_LoadsASecondModelInThatDType()
    {
        var dtypes = new List<ScalarType>();
        using var cache = new ModelCache((checkpoint, _, dtype) =>
        {
            dtypes.Add(dtype);
            return new VUnet(checkpoint.Config.Model);
        });

        VUnet fp32 = cache.Get(At("/models/a"), CPU, ScalarType.Float32);
        VUnet bf16 = cache.Get(At("/models/a"), CPU, ScalarType.BFloat16);

        Assert.NotSame(fp32, bf16);
        Assert.Equal([ScalarType.Float32, ScalarType.BFloat16], dtypes);
    }

    private static Checkpoint At(string folder) => new()
    {
        Directory = folder,
        Step = 1,
        Config = new TrainingConfig(Small, new TrainingOptions()),
    };
}
