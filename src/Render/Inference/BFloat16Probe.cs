using System.Diagnostics;
using static TorchSharp.torch;

namespace VUnetStream.Render.Inference;

/// <summary>
/// Whether bfloat16 convolutions are actually faster than float32 ones on this machine, measured once per
/// process. The CPU flags alone do not say it: on an AMD EPYC with AVX512-BF16 the VUNet rendered 2.2× as
/// fast in bf16 (batch 8, 128²), while on an Intel Xeon with AVX512-BF16 but no AMX its bf16 renders ran at
/// 0.4–0.8× fp32 and the bf16 GEMM peak was 120–143 GFLOP/s against fp32's 200–260. The probe times a conv
/// shaped like the model's middle levels (8×128×32×32, 3×3, 128 filters; about 2.4 GFLOP) in both types,
/// interleaved, best of five each: about 0.2 s, only on CPUs with native bf16.
/// </summary>
public static class BFloat16Probe
{
    /// <summary>bf16 must beat fp32 by this factor to be chosen: a near tie is not worth the rounding.</summary>
    public const double RequiredSpeedup = 1.15;

    private static readonly Lazy<double> Ratio = new(Measure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>bf16 conv throughput / fp32 conv throughput on this machine (measured on first use).</summary>
    public static double SpeedRatio => Ratio.Value;

    /// <summary>True when the CPU has native bf16 and the probe found bf16 clearly faster (fp32 otherwise, without measuring on CPUs that only emulate bf16).</summary>
    public static bool Pays => CpuFeatures.HasNativeBFloat16 && SpeedRatio >= RequiredSpeedup;

    /// <summary>Times the probe conv in both types now (the cached <see cref="SpeedRatio"/> is measured once with this).</summary>
    public static double Measure()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        Tensor x32 = randn(8, 128, 32, 32, generator: generator);
        Tensor w32 = randn(128, 128, 3, 3, generator: generator).mul(0.03);
        Tensor x16 = x32.to(ScalarType.BFloat16);
        Tensor w16 = w32.to(ScalarType.BFloat16);
        using (inference_mode())
        {
            double best32 = double.MaxValue;
            double best16 = double.MaxValue;
            for (int i = 0; i < 6; i++)
            {
                // The first round is a warm-up (kernel selection, thread start) and is not counted.
                double t32 = Time(x32, w32);
                double t16 = Time(x16, w16);
                if (i > 0)
                {
                    best32 = Math.Min(best32, t32);
                    best16 = Math.Min(best16, t16);
                }
            }

            return best32 / best16;
        }
    }

    private static double Time(Tensor x, Tensor w)
    {
        var watch = Stopwatch.StartNew();
        nn.functional.conv2d(x, w, padding: [1, 1]).Dispose();
        return watch.Elapsed.TotalSeconds;
    }
}
