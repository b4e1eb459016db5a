using static TorchSharp.torch;

namespace VUnetStream.Application;

/// <summary>
/// The batch a job renders with when the user leaves it to the program, by number format. Measured with
/// `bench model` on the 128² reference model (2 cores, AMD EPYC with AVX-512 BF16, three rounds over five
/// thread-waiting policies): in float32 batch 4 was faster per frame than batch 8 in every quiet run, by
/// 1.4–1.9× in the first two rounds (e.g. 13.7 vs 8.5 frames/s) and 1.0–1.2× in the third (15.3 vs 13.2);
/// in bfloat16, whose activations are half the size, batch 8 was as fast as batch 4 or faster (26.6 vs 25.3).
/// Why float32 batch 8 loses is not settled (the third round's smaller gap points at the machine's state).
/// </summary>
public static class RenderBatches
{
    public const int Float32 = 4;

    public const int BFloat16 = 8;

    /// <summary>The batch for renders in <paramref name="precision"/>.</summary>
    public static int For(ScalarType precision) => precision == ScalarType.BFloat16 ? BFloat16 : Float32;
}
