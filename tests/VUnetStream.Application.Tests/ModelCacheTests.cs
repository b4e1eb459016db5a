using VUnetStream.Application.Caching;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Application.Tests;

/// <summary>What the service's model cache keys on (the resolved checkpoint folder, the device, the dtype) and how jobs share it.</summary>
public sealed class ModelCacheTests
{
    private static readonly VUnetConfig Small = new VUnetConfig { ImageSize = 32, BaseFilters = 8, MaxFilters = 16, BoxFactor = 2, BottleneckFactor = 2 }.Validated();

    [Fact]
    public void Rent_ForTheSameFolderAfterTheFirstJobGaveItBack_LoadsOnceAndReturnsTheSameModel()
    {
        var loads = new List<string>();
        using var cache = new ModelCache((checkpoint, _, _) =>
        {
            loads.Add(checkpoint.Directory);
            return new VUnet(checkpoint.Config.Model);
        });

        VUnet first;
        using (var lease = cache.Rent(At("/models/a"), CPU))
        {
            first = lease.Value;
        }

        using var again = cache.Rent(At("/models/a/"), CPU);

        Assert.Same(first, again.Value);
        Assert.Single(loads);
        Assert.Equal(1, cache.Loads);
    }

    [Fact]
    public void Rent_WhileAnotherJobHoldsTheModel_LoadsASecondCopy_SoNoModelServesTwoJobsAtOnce()
    {
        using var cache = new ModelCache((checkpoint, _, _) => new VUnet(checkpoint.Config.Model));

        using var first = cache.Rent(At("/models/a"), CPU);
        using var second = cache.Rent(At("/models/a"), CPU);

        Assert.NotSame(first.Value, second.Value);
        Assert.Equal(2, cache.Loads);
    }

    [Fact]
    public void Rent_ForAnotherFolder_LoadsThatOneToo()
    {
        using var cache = new ModelCache((checkpoint, _, _) => new VUnet(checkpoint.Config.Model));

        using var a = cache.Rent(At("/models/a"), CPU);
        using var b = cache.Rent(At("/models/b"), CPU);

        Assert.NotSame(a.Value, b.Value);
        Assert.Equal(2, cache.Loads);
    }

    [Fact]
    public void Rent_ForTheSameFolderInAnotherPrecision_LoadsASecondModelInThatDType()
    {
        var dtypes = new List<ScalarType>();
        using var cache = new ModelCache((checkpoint, _, dtype) =>
        {
            dtypes.Add(dtype);
            return new VUnet(checkpoint.Config.Model);
        });

        VUnet fp32;
        using (var lease = cache.Rent(At("/models/a"), CPU, ScalarType.Float32))
        {
            fp32 = lease.Value;
        }

        using var bf16 = cache.Rent(At("/models/a"), CPU, ScalarType.BFloat16);

        Assert.NotSame(fp32, bf16.Value);
        Assert.Equal([ScalarType.Float32, ScalarType.BFloat16], dtypes);
    }

    private static Checkpoint At(string folder) => new()
    {
        Directory = folder,
        Step = 1,
        Config = new TrainingConfig(Small, new TrainingOptions()),
    };
}
