namespace VUnetStream.Render.Data;

/// <summary>Evenly spaced picks from a list, so that a few shown images span a dataset ordered by person.</summary>
public static class Spread
{
    /// <summary>
    /// <paramref name="count"/> items at positions (i + <paramref name="phase"/>)·n/count; with phase 0.5 the
    /// picks fall halfway between those of phase 0 (a second, disjoint selection when the list is long enough).
    /// </summary>
    public static T[] Pick<T>(IReadOnlyList<T> items, int count, double phase = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0 || count <= 0)
        {
            return [];
        }

        return Enumerable.Range(0, count)
            .Select(i => items[(int)((i + phase) * items.Count / count) % items.Count])
            .ToArray();
    }
}
