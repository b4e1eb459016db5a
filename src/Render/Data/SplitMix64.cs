namespace VUnetStream.Render.Data;

/// <summary>
/// A tiny, fully specified random generator (SplitMix64). Used instead of <see cref="Random"/> where
/// results must be reproducible from a seed alone on every runtime: the data order and the per-step
/// torch seeds, which is what makes resuming a training run exact without saving generator state.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A well-mixed value derived from two numbers (e.g. a run seed and an epoch or step).</summary>
    public static ulong Mix(ulong a, ulong b)
    {
        var generator = new SplitMix64(a * 0x9E3779B97F4A7C15UL ^ (b + 0x632BE59BD9B4E019UL));
        generator.Next();
        return generator.Next();
    }

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>) (Lemire's multiply-shift; bias is negligible for dataset sizes).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return (int)(((Next() >> 32) * (ulong)exclusiveMax) >> 32);
    }
}
