using System.Diagnostics;
using static TorchSharp.torch;

namespace VUnetStream.Render.Losses;

/// <summary>
/// Times what one training step pays for the reconstruction loss: forward (target features without
/// grad, reconstruction features with grad) plus the backward to x̂. For bench commands, not tests.
/// </summary>
internal static class PerceptualLossBench
{
    /// <param name="CpuMilliseconds">
    /// Mean process CPU time per step (all threads). On a busy shared machine wall time is inflated by
    /// other processes; CPU time divided by the thread count is the better estimate of idle wall time.
    /// </param>
    public sealed record Result(string Network, int Batch, int Size, int Repeats, double MeanMilliseconds, double MinMilliseconds, double CpuMilliseconds);

    public static Result Measure(PerceptualLoss loss, int batch, int size, int warmup = 2, int repeats = 5)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);

        using var generator = new Generator(1);
        using var target = rand([batch, 3, size, size], generator: generator) * 2 - 1;
        using var start = rand([batch, 3, size, size], generator: generator) * 2 - 1;
        var times = new List<double>(repeats);
        var cpu = new List<double>(repeats);
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < warmup + repeats; i++)
        {
            using var scope = NewDisposeScope();
            var reconstruction = start.clone().requires_grad_();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            loss.forward(target, reconstruction).backward();
            watch.Stop();
            process.Refresh();
            if (i >= warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
        }

        return new Result(loss.NetworkName, batch, size, repeats, times.Average(), times.Min(), cpu.Average());
    }
}
