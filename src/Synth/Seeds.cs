namespace VUnetStream.Synth;

/// <summary>
/// Derives independent, stable random streams from one user seed. Every stream is named, so adding a
/// new use of randomness never shifts the numbers an existing one sees, and the mixing is a fixed
/// function (string.GetHashCode is randomised per process and cannot be used).
/// </summary>
internal static class Seeds
{
    public static int Derive(int seed, string stream, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ulong h = 14695981039346656037UL;
        foreach (char c in stream)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        h = Mix(h ^ (uint)seed);
        h = Mix(h ^ ((ulong)(uint)index << 32));
        return (int)(h & 0x7FFF_FFFF);
    }

    public static Random Random(int seed, string stream, int index = 0) => new(Derive(seed, stream, index));

    // SplitMix64's finaliser: every input bit affects every output bit.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>Small helpers for sampling from <see cref="System.Random"/>.</summary>
internal static class RandomExtensions
{
    public static double Uniform(this Random rng, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return low + (high - low) * rng.NextDouble();
    }

    public static bool Chance(this Random rng, double probability)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return rng.NextDouble() < probability;
    }

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(items);
        return items[rng.Next(items.Count)];
    }

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public static int PickWeighted(this Random rng, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(weights);
        double total = weights.Sum();
        double r = rng.NextDouble() * total;
        for (int i = 0; i < weights.Count; i++)
        {
            r -= weights[i];
            if (r < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
