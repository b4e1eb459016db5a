using VUnetStream.Render.Inference;
using static TorchSharp.torch;

namespace VUnetStream.Application;

/// <summary>
/// The batch a job renders with when the user leaves it to the program, by number format and allocator.
/// Measured with `bench model` on the 128² reference model (2 cores): under glibc's malloc float32 batch 8
/// was slower per frame than batch 4 (AMD EPYC: 8.5 vs 13.7 frames/s; Intel Xeon: 3.3–12.1 vs 8.2–12.0),
/// because glibc maps and unmaps every block above 32 MiB afresh and batch 8's first-level activations are
/// 33.5 MB; under tcmalloc, which ./vunet preloads, batch 8 was the faster (Intel Xeon, three alternating
/// rounds: 14.4–15.8 vs 13.0–13.6). In bfloat16 the activations are half the size and batch 8 was as fast as
/// batch 4 or faster under either allocator (AMD EPYC: 26.6 vs 25.3).
/// </summary>
public static class RenderBatches
{
    public const int Float32WithGlibc = 4;

    public const int Float32 = 8;

    public const int BFloat16 = 8;

    /// <summary>The batch for renders in <paramref name="precision"/> in this process.</summary>
    public static int For(ScalarType precision) => For(precision, NativeAllocator.IsTcmalloc);

    /// <summary>The batch for renders in <paramref name="precision"/> under tcmalloc or glibc's malloc.</summary>
    public static int For(ScalarType precision, bool tcmalloc) =>
        precision == ScalarType.BFloat16 ? BFloat16 : tcmalloc ? Float32 : Float32WithGlibc;
}
