namespace VUnetStream.Cli.ServiceBench;

/// <summary>
/// Nearest-rank percentiles: each is one of the samples (no interpolation between two requests that
/// never happened), so p50 ≤ p95 ≤ p99 holds by construction.
/// </summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> samples, double percent)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. samples.Order()];
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
