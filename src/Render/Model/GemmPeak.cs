using System.Diagnostics;
using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// What this machine's libtorch reaches on one large square matrix product, the best case for its
/// kernels: the ceiling against which a conv network's achieved GFLOP/s is read (convolutions run as
/// GEMM-like kernels in oneDNN, so a network near this figure has little left to gain from the CPU).
/// </summary>
public static class GemmPeak
{
    /// <summary>GFLOP/s of an n×n by n×n product in <paramref name="dtype"/> (2n³ FLOP per product), timed for at least <paramref name="seconds"/>.</summary>
    public static double Measure(ScalarType dtype, double seconds, int n = 1024)
    {
        if (n < 16 || seconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "n must be at least 16 and seconds positive");
        }

        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        Tensor a = randn(n, n, generator: generator).to(dtype);
        Tensor b = randn(n, n, generator: generator).to(dtype);
        using (inference_mode())
        {
            mm(a, b).Dispose(); // warm-up: thread pool start, kernel selection
            var watch = Stopwatch.StartNew();
            int calls = 0;
            do
            {
                mm(a, b).Dispose();
                calls++;
            }
            while (watch.Elapsed.TotalSeconds < seconds || calls < 3);
            return 2.0 * n * (double)n * n * calls / watch.Elapsed.TotalSeconds / 1e9;
        }
    }
}
