using System.Diagnostics;
using static TorchSharp.torch;

namespace VUnetStream.Render.Losses;

/// <summary>
/// Times what one training step pays for the reconstruction loss: forward (target features without
/// grad, reconstruction features with grad) plus the backward to x̂. For bench commands, not tests.
/// </summary>
public static class PerceptualLossBench
{
    public sealed record Result(string Network, int Batch, int Size, int Repeats, double MeanMilliseconds, double MinMilliseconds);

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
        for (int i = 0; i < warmup + repeats; i++)
        {
            using var scope = NewDisposeScope();
            var reconstruction = start.clone().requires_grad_();
            var watch = Stopwatch.StartNew();
            loss.forward(target, reconstruction).backward();
            watch.Stop();
            if (i >= warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return new Result(loss.NetworkName, batch, size, repeats, times.Average(), times.Min());
    }
}
