using static TorchSharp.torch;

namespace VUnetStream.Application;

/// <summary>
/// The batch a job renders with when the user leaves it to the program, by number format. Measured with
/// `bench model` on the 128² reference model (2 cores, AMD EPYC with AVX-512 BF16, two rounds per policy):
/// in float32 batch 4 ran 1.4–1.9× faster per frame than batch 8 under every thread-waiting policy (e.g.
/// 13.7 vs 8.5 frames/s), a working set that outgrows the caches at batch 8; in bfloat16, whose activations
/// are half the size, batch 8 was as fast as batch 4 or slightly faster (26.6 vs 25.3).
/// </summary>
public static class RenderBatches
{
    public const int Float32 = 4;

    public const int BFloat16 = 8;

    /// <summary>The batch for renders in <paramref name="precision"/>.</summary>
    public static int For(ScalarType precision) => precision == ScalarType.BFloat16 ? BFloat16 : Float32;
}
