using OpenCvSharp;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Render.Training;

/// <summary>What <see cref="HeldOutAppearance.Measure"/> found at one step.</summary>
internal sealed record HeldOutScores(double RetrievalTop1, double RetrievalChance, double ColourError, double MeanPersonColourError);

/// <summary>
/// The appearance measures of <c>vunet eval</c>, cheap enough to run during training: A's look in B's pose
/// for transfers spread over the held-out split, scored by part colours against the truths (error beside
/// the mean person's, and retrieval top-1 among them). A long run shows early whether the look is coming:
/// a decoder that ignores z keeps the ratio near 1 and retrieval near chance however low the loss goes.
/// </summary>
internal sealed class HeldOutAppearance : IDisposable
{
    private readonly ModelInputs _appearances;
    private readonly ModelInputs _poses;
    private readonly Mat[] _truths;
    private readonly Mat?[] _masks;
    private readonly string[] _people;
    private readonly PartColours[] _truthColours;
    private readonly double _meanPersonError;

    private HeldOutAppearance(ModelInputs appearances, ModelInputs poses, Mat[] truths, Mat?[] masks, string[] people)
    {
        _appearances = appearances;
        _poses = poses;
        _truths = truths;
        _masks = masks;
        _people = people;
        _truthColours = [.. truths.Select((t, i) => PartColours.Measure(t, poses.Poses[i], masks[i]))];
        using Mat mean = MeanPerson.Of(truths);
        _meanPersonError = Mean(truths.Select((t, i) => PartColours.Distance(PartColours.Measure(mean, poses.Poses[i], masks[i]), _truthColours[i])));
    }

    /// <summary>Transfers used.</summary>
    public int Count => _truths.Length;

    /// <summary>
    /// <paramref name="count"/> transfers spread over the held-out split of <paramref name="dataPath"/>, or null
    /// when it has no test split with ground truth (transfer.csv / pairs.csv) and people.csv to score against.
    /// </summary>
    public static HeldOutAppearance? TryOpen(string dataPath, int count, int imageSize, int boxFactor)
    {
        string testRoot = PoseDataset.ResolveSplit(dataPath, DatasetSplit.Test);
        if (string.Equals(Path.GetFullPath(testRoot), Path.GetFullPath(PoseDataset.ResolveSplit(dataPath, DatasetSplit.Train)), StringComparison.Ordinal))
        {
            return null;
        }

        PoseDataset test = PoseDataset.Open(dataPath, DatasetSplit.Test);
        IReadOnlyDictionary<string, string>? people = PeopleCsv.Read(test.Root);
        // Spread over the file: transfer.csv lists each person's rows together, and the first rows would hold a handful of people.
        IReadOnlyList<TransferTriple> triples = Spread.Pick(TransferTriples.Read(test), count);
        if (people is null || triples.Count < 2)
        {
            return null;
        }

        string? maskFolder = PersonMasks.TargetMasks(test.Root, triples);
        ModelInputs appearances = ModelInputs.Load([.. triples.Select(t => t.Appearance)], imageSize, boxFactor);
        ModelInputs poses = ModelInputs.Load([.. triples.Select(t => t.Pose)], imageSize, boxFactor);
        var truths = new Mat[triples.Count];
        var masks = new Mat?[triples.Count];
        for (int i = 0; i < triples.Count; i++)
        {
            using Mat raw = Cv2.ImRead(triples[i].TargetPath, ImreadModes.Color);
            if (raw.Empty())
            {
                throw new InvalidDataException($"{triples[i].TargetPath}: transfer target cannot be decoded");
            }

            (truths[i], _) = PreparedSample.ToSquare(raw, triples[i].Pose.Pose, imageSize);
            masks[i] = maskFolder is null ? null : PersonMasks.LoadSquare(PersonMasks.TargetMaskPath(maskFolder, triples[i]), triples[i].TargetPath, imageSize);
        }

        string[] who = [.. triples.Select(t => PeopleCsv.PersonOf(people, t.Appearance.Name, test.Root))];
        return new HeldOutAppearance(appearances, poses, truths, masks, who);
    }

    /// <summary>Renders the transfers with <paramref name="runner"/>'s model and scores them.</summary>
    public HeldOutScores Measure(VUnetRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        Mat[] outputs = runner.TransferPairs(_appearances, _poses);
        try
        {
            PartColours[] colours = [.. outputs.Select((o, i) => PartColours.Measure(o, _poses.Poses[i], _masks[i]))];
            double error = Mean(colours.Zip(_truthColours, PartColours.Distance));
            RetrievalResult retrieval = AppearanceRetrieval.Top1(colours, _people, _truthColours, _people, PartColours.Distance);
            return new HeldOutScores(retrieval.Top1, retrieval.Chance, error, _meanPersonError);
        }
        finally
        {
            foreach (Mat m in outputs)
            {
                m.Dispose();
            }
        }
    }

    private static double Mean(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    public void Dispose()
    {
        _appearances.Dispose();
        _poses.Dispose();
        foreach (Mat m in _truths)
        {
            m.Dispose();
        }

        foreach (Mat? m in _masks)
        {
            m?.Dispose();
        }
    }
}
