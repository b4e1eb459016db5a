using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Data;
using VUnetStream.Render.Model;
using VUnetStream.Render.Personalization;

namespace VUnetStream.Render.Experiments;

/// <summary>How much of a test split <see cref="Evaluation"/> uses.</summary>
public sealed record EvalOptions
{
    /// <summary>Test images reconstructed (the first N usable ones).</summary>
    public int Images { get; init; } = 64;

    /// <summary>Transfer triples used (the first N of transfer.csv, or of pairs.csv).</summary>
    public int Transfers { get; init; } = 64;

    /// <summary>Poses sampled from the prior.</summary>
    public int SamplePoses { get; init; } = 8;

    /// <summary>Samples drawn per pose (≥ 2: diversity is measured between them).</summary>
    public int SamplesPerPose { get; init; } = 4;

    public long Seed { get; init; } = 1;

    /// <summary>
    /// Transfers only from the first N people that are appearance sources in the transfer list (0 = all): keeps
    /// <see cref="Evaluation.RunPersonalized"/>, which trains once per person, affordable.
    /// </summary>
    public int People { get; init; }
}

/// <summary>
/// <c>vunet eval</c>: reconstruction and transfer quality against ground truth, and the diversity and
/// shape consistency of prior samples, on a held-out split. All image measures are computed on the
/// model-size squares (inputs padded to square and resized exactly as for training), pixels in [0, 1]:
/// <list type="bullet">
/// <item><c>reconstruction_*</c>: x̂ = G(ŷ, mean q(z | x, ŷ)) against x;</item>
/// <item><c>transfer_*</c>: A's appearance in B's pose against the ground-truth target (transfer.csv
/// of <c>vunet synth dataset</c>, or the same-person pairs of pairs.csv); with two baselines that a
/// working model must beat: the target against A's own image (appearance right, pose wrong) and
/// against B's image (pose right, appearance wrong);</item>
/// <item><c>sample_diversity</c>: mean pairwise L1 between the K prior samples of one pose, also split
/// into the body region (the stickman dilated by one line width) and the rest;</item>
/// <item><c>sample_shape_consistency</c>: mean pairwise correlation of the samples' edge maps
/// (<see cref="ShapeMeasures.EdgeCorrelation"/>): near 1 when the looks change but the shape stays put;
/// <c>sample_shape_consistency_unrelated</c> is the same measure between different test poses, for scale.</item>
/// <item>for reconstructions and transfers alike, appearance measures that a model ignoring its
/// appearance code cannot pass, each beside the mean person's score (<see cref="AppearanceEvaluation"/>).</item>
/// </list>
/// </summary>
public static class Evaluation
{
    /// <summary>
    /// The full evaluation. When the split's transfers are the same-person pairs of pairs.csv (a benchmark
    /// folder), the <c>pairs_*</c> report of <see cref="PairsEvaluation"/> is added too, at the dataset's image
    /// size, with pose re-detection when <paramref name="redetection"/> is given.
    /// </summary>
    public static MeasurementReport Run(VUnetRunner runner, string dataPath, EvalOptions options, string modelLabel, PoseRedetection? redetection = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SamplesPerPose < 2)
        {
            throw new ArgumentException($"--samples must be at least 2 to measure diversity, got {options.SamplesPerPose}");
        }

        PoseDataset test = PoseDataset.Open(dataPath, DatasetSplit.Test);
        var report = new MeasurementReport($"VUNet evaluation on {test.Root} ({modelLabel})");

        using FeatureDistance deep = FeatureDistance.Load();
        List<PoseSample> reconstructionSet = test.Samples.Take(options.Images).ToList();
        var recon = new List<(double Ssim, double Psnr, double L1)>();
        var scored = new List<ScoredImage>();
        string? masks = PersonMasks.ImageMasks(test.Root);
        IReadOnlyDictionary<string, string>? people = PeopleCsv.Read(test.Root);
        try
        {
            foreach (PoseSample[] chunk in reconstructionSet.Chunk(runner.BatchSize * 2))
            {
                using ModelInputs inputs = runner.Load(chunk);
                Mat[] outputs = runner.Reconstruct(inputs);
                for (int i = 0; i < outputs.Length; i++)
                {
                    recon.Add(Measure(inputs.SquareImages[i], outputs[i]));
                    scored.Add(ToScored(test, inputs, i, outputs[i], masks, people));
                }
            }

            report.Add("reconstruction_ssim", recon.Average(r => r.Ssim), "", "SSIM of posterior-mean reconstructions (1 = identical)")
                .Add("reconstruction_psnr", recon.Average(r => r.Psnr), "dB", "PSNR of reconstructions")
                .Add("reconstruction_l1", recon.Average(r => r.L1), "", "mean |x - x̂| in [0, 1]")
                .Add("reconstruction_images", recon.Count, "", "test images reconstructed");
            AppearanceEvaluation.Add(report, "reconstruction", scored, deep, PeopleSource(test));
        }
        finally
        {
            scored.ForEach(s => s.Dispose());
        }

        AddTransfer(report, runner, test, options, deep, redetection);
        AddSamples(report, runner, [.. Spread.Pick(test.Samples, Math.Min(options.SamplePoses, test.Count))], options);
        return report;
    }

    /// <summary>
    /// The transfer measures with and without test-time personalisation, on the same transfers: for each of the first
    /// <see cref="EvalOptions.People"/> people (all when 0) that are appearance sources of the split's transfer list,
    /// the model is personalised (<see cref="Personalizer.Personalize"/>, from <paramref name="checkpoint"/>) on that
    /// person's first source image with the split's exact person mask, then renders the transfers from that image.
    /// Keys: <c>transfer_*</c> for <paramref name="runner"/>'s model as it is, <c>personalized_transfer_*</c> for the
    /// personalised ones, and <c>personalize_*</c> for the settings and the time per person. <paramref name="progress"/>
    /// hears (steps done, steps in all) over every person.
    /// </summary>
    public static MeasurementReport RunPersonalized(
        VUnetRunner runner, Checkpoint checkpoint, string dataPath, EvalOptions options, PersonalizationOptions personalization, string modelLabel,
        Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(personalization);
        personalization.Validate();
        PoseDataset test = PoseDataset.Open(dataPath, DatasetSplit.Test);
        string masks = PersonMasks.ImageMasks(test.Root)
            ?? throw new InvalidDataException($"{test.Root}: eval --personalize trains on each source image's exact person mask, and this split has no {PersonMasks.ImageFolder}/ (use a `vunet synth dataset`)");
        IReadOnlyDictionary<string, string>? people = PeopleCsv.Read(test.Root);

        // Each person's first source image and the transfers made from it.
        var sourceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var selected = new List<TransferTriple>();
        foreach (TransferTriple triple in TransferTriples.Read(test))
        {
            string person = PeopleCsv.PersonOf(people, triple.Appearance.Name, test.Root);
            if (!sourceOf.TryGetValue(person, out string? source))
            {
                if (options.People > 0 && sourceOf.Count >= options.People)
                {
                    continue;
                }

                sourceOf[person] = source = triple.Appearance.Name;
            }

            if (string.Equals(source, triple.Appearance.Name, StringComparison.Ordinal))
            {
                selected.Add(triple);
            }
        }

        if (selected.Count == 0)
        {
            throw new InvalidDataException($"{test.Root}: no transfers with ground truth (transfer.csv or pairs.csv) to personalise for");
        }

        var report = new MeasurementReport($"VUNet transfer with test-time personalisation on {test.Root} ({modelLabel})");
        using FeatureDistance deep = FeatureDistance.Load();
        int size = runner.Config.ImageSize;
        var scored = new List<ScoredImage>();
        try
        {
            ScoreTransfers(report, "transfer", test, selected.Chunk(runner.BatchSize * 2).Select(c => (runner, c)), scored, size);
            AppearanceEvaluation.Add(report, "transfer", scored, deep, PeopleSource(test));
        }
        finally
        {
            scored.ForEach(s => s.Dispose());
            scored.Clear();
        }

        int groups = selected.Select(t => t.Appearance.Name).Distinct(StringComparer.Ordinal).Count();
        int total = groups * personalization.Steps;
        int done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan training = TimeSpan.Zero;
        progress?.Invoke(0, total);
        IEnumerable<(VUnetRunner, TransferTriple[])> Personalized()
        {
            foreach (IGrouping<string, TransferTriple> group in selected.GroupBy(t => t.Appearance.Name, StringComparer.Ordinal))
            {
                PoseSample source = group.First().Appearance;
                VUnet model;
                var started = clock.Elapsed;
                using (ModelInputs input = runner.Load([source]))
                using (Mat mask = PersonMasks.LoadSquare(Path.Combine(masks, source.Name), source.ImagePath, size))
                using (var example = new PersonExample(input.SquareImages[0], input.Poses[0], mask))
                {
                    int before = done;
                    model = Personalizer.Personalize(checkpoint, example, personalization, progress: step => progress?.Invoke(before + step.Step, total),
                        cancellationToken: cancellationToken);
                    done = before + personalization.Steps;
                }

                training += clock.Elapsed - started;
                using (model)
                using (var personal = new VUnetRunner(model, ownsModel: false, runner.BatchSize) { Background = runner.Background })
                {
                    foreach (TransferTriple[] chunk in group.Chunk(runner.BatchSize * 2))
                    {
                        yield return (personal, chunk);
                    }
                }
            }
        }

        try
        {
            ScoreTransfers(report, "personalized_transfer", test, Personalized(), scored, size);
            AppearanceEvaluation.Add(report, "personalized_transfer", scored, deep, PeopleSource(test));
        }
        finally
        {
            scored.ForEach(s => s.Dispose());
        }

        return report.Add("personalize_steps", personalization.Steps, "", "personalisation steps per source image")
            .Add("personalize_lr", personalization.Lr, "", "Adam learning rate of the personalisation")
            .Add("personalize_batch", personalization.BatchSize, "", "examples per step (the image and moved copies)")
            .Add("personalize_people", groups, "", "people personalised for (one source image each)")
            .Add("personalize_duration", groups > 0 ? training.TotalSeconds / groups : double.NaN, "s", "personalisation time per person");
    }

    private static void AddTransfer(MeasurementReport report, VUnetRunner runner, PoseDataset test, EvalOptions options, FeatureDistance deep, PoseRedetection? redetection)
    {
        IReadOnlyList<TransferTriple> triples = LimitPeople(TransferTriples.Read(test, options.People > 0 ? null : options.Transfers), test, options);
        var scored = new List<ScoredImage>();
        using PairsEvaluation? pairs = PairsEvaluation.ArePairs(triples) ? new PairsEvaluation() : null;
        try
        {
            ScoreTransfers(report, "transfer", test, triples.Chunk(runner.BatchSize * 2).Select(c => (runner, c)), scored, runner.Config.ImageSize, pairs);
            AppearanceEvaluation.Add(report, "transfer", scored, deep, PeopleSource(test));
        }
        finally
        {
            scored.ForEach(s => s.Dispose());
        }

        pairs?.Report(report, redetection);
    }

    // With People > 0: the transfers of the first N appearance people, then at most Transfers of them.
    private static IReadOnlyList<TransferTriple> LimitPeople(IReadOnlyList<TransferTriple> triples, PoseDataset test, EvalOptions options)
    {
        if (options.People <= 0)
        {
            return triples;
        }

        IReadOnlyDictionary<string, string>? people = PeopleCsv.Read(test.Root);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TransferTriple>();
        foreach (TransferTriple triple in triples)
        {
            string person = PeopleCsv.PersonOf(people, triple.Appearance.Name, test.Root);
            if (kept.Contains(person) || (kept.Count < options.People && kept.Add(person)))
            {
                result.Add(triple);
            }
        }

        return [.. result.Take(options.Transfers)];
    }

    // The full-frame measures and baselines of the transfers, each chunk rendered by its runner; adds each one to scored for the appearance
    // measures, and to pairs (when given) for the pairs report at the dataset's image size.
    private static void ScoreTransfers(
        MeasurementReport report, string prefix, PoseDataset test, IEnumerable<(VUnetRunner Runner, TransferTriple[] Chunk)> chunks, List<ScoredImage> scored, int size,
        PairsEvaluation? pairs = null)
    {
        var scores = new List<(double Ssim, double Psnr, double L1)>();
        var copyAppearance = new List<double>();
        var copyPose = new List<double>();
        IReadOnlyDictionary<string, string>? people = PeopleCsv.Read(test.Root);
        string? masks = null;
        foreach ((VUnetRunner runner, TransferTriple[] chunk) in chunks)
        {
            masks ??= PersonMasks.TargetMasks(test.Root, chunk);
            using ModelInputs appearances = runner.Load(chunk.Select(t => t.Appearance).ToArray());
            using ModelInputs poses = runner.Load(chunk.Select(t => t.Pose).ToArray());
            Mat[] outputs = runner.TransferPairs(appearances, poses);
            for (int i = 0; i < chunk.Length; i++)
            {
                using Mat raw = Cv2.ImRead(chunk[i].TargetPath, ImreadModes.Color);
                if (raw.Empty())
                {
                    throw new InvalidDataException($"{chunk[i].TargetPath}: transfer target cannot be decoded");
                }

                pairs?.Add(chunk[i], outputs[i]);
                (Mat target, PersonPose targetPose) = PreparedSample.ToSquare(raw, chunk[i].Pose.Pose, size);
                scored.Add(new ScoredImage(
                    target, outputs[i], targetPose,
                    masks is null ? null : PersonMasks.LoadSquare(PersonMasks.TargetMaskPath(masks, chunk[i]), chunk[i].TargetPath, size),
                    PeopleCsv.PersonOf(people, chunk[i].Appearance.Name, test.Root)));
                scores.Add(Measure(target, outputs[i]));
                copyAppearance.Add(ImageMetrics.Ssim(target, appearances.SquareImages[i]));
                copyPose.Add(ImageMetrics.Ssim(target, poses.SquareImages[i]));
            }
        }

        double Mean(IEnumerable<double> values) => values.Any() ? values.Average() : double.NaN;
        string p = prefix + "_";
        report.Add(p + "ssim", Mean(scores.Select(s => s.Ssim)), "", "SSIM of A's look in B's pose vs the ground truth")
            .Add(p + "psnr", Mean(scores.Select(s => s.Psnr)), "dB", "PSNR of transfers")
            .Add(p + "l1", Mean(scores.Select(s => s.L1)), "", "mean |target - transfer| in [0, 1]")
            .Add(p + "pairs", scores.Count, "", "transfer triples with ground truth (0: the split has no transfer.csv/pairs.csv)")
            .Add(p + "ssim_baseline_appearance_image", Mean(copyAppearance), "", "baseline: SSIM of the target vs image A (right look, wrong pose)")
            .Add(p + "ssim_baseline_pose_image", Mean(copyPose), "", "baseline: SSIM of the target vs image B (right pose, wrong look)");
    }

    private static void AddSamples(MeasurementReport report, VUnetRunner runner, List<PoseSample> poses, EvalOptions options)
    {
        using ModelInputs inputs = runner.Load(poses);
        Mat[][] samples = runner.Samples(inputs, options.SamplesPerPose, options.Seed);
        var diversity = new List<double>();
        var onBody = new List<double>();
        var offBody = new List<double>();
        var consistency = new List<double>();
        try
        {
            for (int p = 0; p < poses.Count; p++)
            {
                using Mat body = ShapeMeasures.BodyMask(inputs.Poses[p], runner.Config.ImageSize);
                using var rest = new Mat();
                Cv2.BitwiseNot(body, rest);
                Mat[] k = samples[p];
                for (int i = 0; i < k.Length; i++)
                {
                    for (int j = i + 1; j < k.Length; j++)
                    {
                        diversity.Add(ImageMetrics.L1(k[i], k[j]));
                        onBody.Add(ImageMetrics.L1(k[i], k[j], body));
                        offBody.Add(ImageMetrics.L1(k[i], k[j], rest));
                        consistency.Add(ShapeMeasures.EdgeCorrelation(k[i], k[j]));
                    }
                }
            }
        }
        finally
        {
            foreach (Mat m in samples.SelectMany(s => s))
            {
                m.Dispose();
            }
        }

        var unrelated = new List<double>();
        for (int p = 0; p + 1 < inputs.Count; p++)
        {
            unrelated.Add(ShapeMeasures.EdgeCorrelation(inputs.SquareImages[p], inputs.SquareImages[p + 1]));
        }

        report.Add("sample_diversity", diversity.Average(), "", "mean pairwise L1 between prior samples of one pose (0 = all alike)")
            .Add("sample_diversity_on_body", onBody.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average(), "", "the same inside the body region (stickman dilated)")
            .Add("sample_diversity_off_body", offBody.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average(), "", "the same outside it")
            .Add("sample_shape_consistency", consistency.Average(), "", "edge-map correlation between samples of one pose (1 = shape stays put)")
            .Add("sample_shape_consistency_unrelated", unrelated.Count > 0 ? unrelated.Average() : double.NaN, "", "the same between different test poses, for scale")
            .Add("sample_poses", poses.Count, "", $"poses sampled, {options.SamplesPerPose} samples each");
    }

    // Takes ownership of output; the truth is copied out of the batch, which is disposed before scoring.
    private static ScoredImage ToScored(
        PoseDataset test, ModelInputs inputs, int i, Mat output, string? masks, IReadOnlyDictionary<string, string>? people)
    {
        PoseSample sample = inputs.Samples[i];
        int size = inputs.SquareImages[i].Cols;
        Mat? mask = masks is null ? null : PersonMasks.LoadSquare(Path.Combine(masks, sample.Name), sample.ImagePath, size);
        string person = PeopleCsv.PersonOf(people, sample.Name, test.Root);
        return new ScoredImage(inputs.SquareImages[i].Clone(), output, inputs.Poses[i], mask, person);
    }

    private static string PeopleSource(PoseDataset test) =>
        PeopleCsv.Read(test.Root) is null
            ? "image names (no people.csv: each image is a person of its own)"
            : PeopleCsv.FileName;

    private static (double Ssim, double Psnr, double L1) Measure(Mat truth, Mat output) =>
        (ImageMetrics.Ssim(truth, output), ImageMetrics.Psnr(truth, output), ImageMetrics.L1(truth, output));
}
