namespace VUnetStream.Render.Data;

/// <summary>
/// For training with <c>appearance_from: same_person</c>: which image lends its part crops to a training image, another
/// image of the same person (<c>people.csv</c>), drawn uniformly among them from (seed, step, slot in the batch) alone,
/// so a resumed run pairs exactly as an uninterrupted one. A person with one image is paired with itself.
/// </summary>
internal sealed class AppearancePartners
{
    // Decorrelates the partner draws from the epoch order, which uses the same seed.
    private const ulong Stream = 0xA99E_A2A2_CE00_0001UL;
    private readonly int[][] _others;
    private readonly ulong _seed;

    private AppearancePartners(int[][] others, long seed)
    {
        _others = others;
        _seed = unchecked((ulong)seed) ^ Stream;
    }

    /// <summary>Images per person, by the dataset's <c>people.csv</c>; an error naming the file when there is none.</summary>
    public static AppearancePartners FromPeople(PoseDataset dataset, long seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        IReadOnlyDictionary<string, string> people = PeopleCsv.Read(dataset.Root)
            ?? throw new InvalidDataException(
                $"{Path.Combine(dataset.Root, PeopleCsv.FileName)}: appearance_from 'same_person' needs to know who is in each image (people.csv: image,person); " +
                "add it or train with appearance_from 'self'");
        string[] who = [.. dataset.Samples.Select(s => PeopleCsv.PersonOf(people, s.Name, dataset.Root))];
        return FromPersonIds(who, seed);
    }

    /// <summary>From the person id of each sample, in the dataset's sample order.</summary>
    public static AppearancePartners FromPersonIds(IReadOnlyList<string> personOfSample, long seed)
    {
        ArgumentNullException.ThrowIfNull(personOfSample);
        var byPerson = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < personOfSample.Count; i++)
        {
            if (!byPerson.TryGetValue(personOfSample[i], out List<int>? list))
            {
                byPerson[personOfSample[i]] = list = [];
            }

            list.Add(i);
        }

        int[][] others = [.. Enumerable.Range(0, personOfSample.Count).Select(i => byPerson[personOfSample[i]].Where(j => j != i).ToArray())];
        return new AppearancePartners(others, seed);
    }

    /// <summary>The sample whose crops stand for the appearance of sample <paramref name="index"/> at <paramref name="slot"/> of batch <paramref name="step"/>.</summary>
    public int Partner(long step, int slot, int index)
    {
        int[] others = _others[index];
        if (others.Length == 0)
        {
            return index;
        }

        var random = new SplitMix64(SplitMix64.Mix(SplitMix64.Mix(_seed, unchecked((ulong)step)), unchecked((ulong)slot)));
        return others[random.NextInt(others.Length)];
    }
}
