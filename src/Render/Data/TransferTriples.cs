namespace VUnetStream.Render.Data;

/// <summary>One transfer with a ground truth: the look of <c>Appearance</c> in the pose of <c>Pose</c> should equal <c>TargetPath</c>.</summary>
/// <param name="TargetName">The <c>target</c> cell of transfer.csv; null for a pairs.csv row, whose target is the pose image itself.</param>
public sealed record TransferTriple(PoseSample Appearance, PoseSample Pose, string TargetPath, string? TargetName = null)
{
    /// <summary>Separates the two image names in <see cref="OutputName"/> of a pairs.csv row.</summary>
    public const string PairSeparator = "___";

    /// <summary>
    /// The file name a generated image of this transfer is written under: the target's name for
    /// transfer.csv, <c>FROM___TO.png</c> (both without extension) for pairs.csv. Always .png, the
    /// format it is written in.
    /// </summary>
    public string OutputName => TargetName is null
        ? $"{Path.GetFileNameWithoutExtension(Appearance.Name)}{PairSeparator}{Path.GetFileNameWithoutExtension(Pose.Name)}.png"
        : Path.ChangeExtension(TargetName, ".png");
}

/// <summary>
/// Reads the transfer ground truth of a dataset split: <c>transfer.csv</c> (<c>appearance,pose,target</c>,
/// written by <c>vunet synth dataset</c>; targets in <c>targets/</c>) or, failing that, the same-person
/// <c>pairs.csv</c> (<c>from,to</c>) of the pose-transfer benchmarks, where the target is the <c>to</c> image.
/// </summary>
public static class TransferTriples
{
    /// <summary>The triples of <paramref name="dataset"/>, or an empty list when the split has neither file.</summary>
    public static IReadOnlyList<TransferTriple> Read(PoseDataset dataset, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var byName = dataset.Samples.ToDictionary(s => s.Name, StringComparer.Ordinal);
        string transfer = Path.Combine(dataset.Root, "transfer.csv");
        string pairs = Path.Combine(dataset.Root, "pairs.csv");
        var triples = new List<TransferTriple>();
        if (File.Exists(transfer))
        {
            foreach ((int line, string[] cells) in Rows(transfer, 3, "appearance"))
            {
                string target = Path.Combine(dataset.Root, "targets", cells[2]);
                if (!File.Exists(target))
                {
                    string direct = Path.Combine(dataset.Root, cells[2]);
                    target = File.Exists(direct) ? direct : throw new InvalidDataException($"{transfer}:{line}: target image '{cells[2]}' not found in {Path.Combine(dataset.Root, "targets")}");
                }

                if (Lookup(byName, cells[0]) is { } a && Lookup(byName, cells[1]) is { } p)
                {
                    triples.Add(new TransferTriple(a, p, target, cells[2]));
                }

                if (limit is int max && triples.Count >= max)
                {
                    break;
                }
            }
        }
        else if (File.Exists(pairs))
        {
            foreach ((_, string[] cells) in Rows(pairs, 2, "from"))
            {
                if (Lookup(byName, cells[0]) is { } a && Lookup(byName, cells[1]) is { } p)
                {
                    triples.Add(new TransferTriple(a, p, p.ImagePath));
                }

                if (limit is int max && triples.Count >= max)
                {
                    break;
                }
            }
        }

        return triples;
    }

    // Entries whose image was left out of the dataset (missing, no torso) are skipped with it.
    private static PoseSample? Lookup(Dictionary<string, PoseSample> byName, string name) =>
        byName.TryGetValue(name, out PoseSample? sample) ? sample : null;

    private static IEnumerable<(int Line, string[] Cells)> Rows(string path, int columns, string headerStart)
    {
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || (i == 0 && line.StartsWith(headerStart, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            string[] cells = line.Split(',', StringSplitOptions.TrimEntries);
            if (cells.Length != columns)
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected {columns} comma-separated names, got {cells.Length}");
            }

            yield return (i + 1, cells);
        }
    }
}
