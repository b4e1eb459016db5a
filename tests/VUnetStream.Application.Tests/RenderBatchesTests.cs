using VUnetStream.Application;
using static TorchSharp.torch;

namespace VUnetStream.Application.Tests;

public sealed class RenderBatchesTests
{
    private static readonly TransferVideoRequest Request = new() { VideoPath = "v.mp4", PhotoPath = "p.png", OutputPath = "o.mp4" };

    [Fact]
    public void ARequestThatLeavesTheBatchOpen_RendersBFloat16InEights_AndFloat32InEightsOnlyUnderTcmalloc()
    {
        Assert.Equal(0, Request.BatchSize);
        Assert.Equal(8, RenderBatches.For(ScalarType.Float32, tcmalloc: true));
        Assert.Equal(4, RenderBatches.For(ScalarType.Float32, tcmalloc: false));
        Assert.Equal(8, RenderBatches.For(ScalarType.BFloat16, tcmalloc: false));
        Assert.Equal(8, RenderBatches.For(ScalarType.BFloat16, tcmalloc: true));

        // This test host runs without the launcher's preload, so it sees glibc's malloc.
        Assert.False(Render.Inference.NativeAllocator.IsTcmalloc);
        Assert.Equal(4, Request.EffectiveBatchSize(ScalarType.Float32));
        Assert.Equal(8, Request.EffectiveBatchSize(ScalarType.BFloat16));
    }

    [Fact]
    public void ARequestedBatch_IsKeptInEveryNumberFormat()
    {
        TransferVideoRequest request = Request with { BatchSize = 3 };
        Assert.Equal(3, request.EffectiveBatchSize(ScalarType.Float32));
        Assert.Equal(3, request.EffectiveBatchSize(ScalarType.BFloat16));
        Assert.Equal(3, request.EngineOptions(256, request.EffectiveBatchSize(ScalarType.Float32)).BatchSize);
    }

    [Fact]
    public void ANegativeBatch_IsRefusedNamingTheRange()
    {
        string dir = Directory.CreateTempSubdirectory("vunet-batch-").FullName;
        try
        {
            string video = Path.Combine(dir, "v.mp4"), photo = Path.Combine(dir, "p.png");
            File.WriteAllBytes(video, []);
            File.WriteAllBytes(photo, []);
            TransferVideoRequest request = Request with { VideoPath = video, PhotoPath = photo, OutputPath = Path.Combine(dir, "o.mp4"), BatchSize = -1 };

            var error = Assert.Throws<ArgumentException>(() => TransferRequestChecks.Validate(request));

            Assert.Contains("between 1 and 256", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
