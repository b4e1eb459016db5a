namespace VUnetStream.Render.Data;

/// <summary>
/// Who is in each image of a split: <c>people.csv</c> (<c>image,person,…</c>, written by
/// <c>vunet synth dataset</c>; further columns describe the appearance and are not read here).
/// </summary>
internal static class PeopleCsv
{
    public const string FileName = "people.csv";

    /// <summary>Image name → person id for the split at <paramref name="splitRoot"/>, or null when it has no people.csv.</summary>
    public static IReadOnlyDictionary<string, string>? Read(string splitRoot)
    {
        string path = Path.Combine(splitRoot, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].Trim().StartsWith("image,person", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}:1: expected the header 'image,person,...'");
        }

        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            string[] cells = lines[i].Split(',', 3, StringSplitOptions.TrimEntries);
            if (cells.Length < 2 || cells[0].Length == 0 || cells[1].Length == 0)
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected an image name and a person id");
            }

            if (!people.TryAdd(cells[0], cells[1]))
            {
                throw new InvalidDataException($"{path}:{i + 1}: image '{cells[0]}' is listed twice");
            }
        }

        return people;
    }

    /// <summary>The person of <paramref name="imageName"/>: from <paramref name="people"/>, or the image name itself without a table.</summary>
    public static string PersonOf(IReadOnlyDictionary<string, string>? people, string imageName, string splitRoot)
    {
        ArgumentNullException.ThrowIfNull(imageName);
        if (people is null)
        {
            return imageName;
        }

        return people.TryGetValue(imageName, out string? person)
            ? person
            : throw new InvalidDataException($"{Path.Combine(splitRoot, FileName)}: image '{imageName}' is not listed");
    }
}
