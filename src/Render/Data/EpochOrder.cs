namespace VUnetStream.Render.Data;

/// <summary>
/// The order in which training visits the dataset: an endless stream of epochs, each a fresh
/// permutation drawn from (seed, epoch). Position p of the stream is a pure function of the seed, so
/// batch t of a resumed run is exactly batch t of an uninterrupted one, with no saved state.
/// </summary>
internal sealed class EpochOrder
{
    private readonly int _count;
    private readonly ulong _seed;
    private long _cachedEpoch = -1;
    private int[] _cached = [];

    public EpochOrder(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _count = count;
        _seed = unchecked((ulong)seed);
    }

    public int Count => _count;

    /// <summary>Dataset index at stream position <paramref name="position"/>.</summary>
    public int IndexAt(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        long epoch = position / _count;
        if (epoch != _cachedEpoch)
        {
            _cached = Permutation(epoch);
            _cachedEpoch = epoch;
        }

        return _cached[(int)(position % _count)];
    }

    /// <summary>The dataset indices of batch <paramref name="step"/> of size <paramref name="batchSize"/>.</summary>
    public int[] Batch(long step, int batchSize)
    {
        var indices = new int[batchSize];
        for (int i = 0; i < batchSize; i++)
        {
            indices[i] = IndexAt(step * batchSize + i);
        }

        return indices;
    }

    private int[] Permutation(long epoch)
    {
        int[] order = Enumerable.Range(0, _count).ToArray();
        var random = new SplitMix64(SplitMix64.Mix(_seed, unchecked((ulong)epoch)));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
