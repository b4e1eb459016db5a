using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Data;

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
    public static MeasurementReport Run(VUnetRunner runner, string dataPath, EvalOptions options, string modelLabel)
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

        AddTransfer(report, runner, test, options, deep);
        AddSamples(report, runner, [.. Spread.Pick(test.Samples, Math.Min(options.SamplePoses, test.Count))], options);
        return report;
    }

    private static void AddTransfer(MeasurementReport report, VUnetRunner runner, PoseDataset test, EvalOptions options, FeatureDistance deep)
    {
        IReadOnlyList<TransferTriple> triples = TransferTriples.Read(test, options.Transfers);
        var scored = new List<ScoredImage>();
        try
        {
            ScoreTransfers(report, runner, test, triples, scored);
            AppearanceEvaluation.Add(report, "transfer", scored, deep, PeopleSource(test));
        }
        finally
        {
            scored.ForEach(s => s.Dispose());
        }
    }

    // The full-frame measures and baselines of the transfers; adds each one to scored for the appearance measures.
    private static void ScoreTransfers(MeasurementReport report, VUnetRunner runner, PoseDataset test, IReadOnlyList<TransferTriple> triples, List<ScoredImage> scored)
    {
        var scores = new List<(double Ssim, double Psnr, double L1)>();
        var copyAppearance = new List<double>();
        var copyPose = new List<double>();
        int size = runner.Config.ImageSize;
        IReadOnlyDictionary<string, string>? people = PeopleCsv.Read(test.Root);
        string? masks = PersonMasks.TargetMasks(test.Root, triples);
        foreach (TransferTriple[] chunk in triples.Chunk(runner.BatchSize * 2))
        {
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
        report.Add("transfer_ssim", Mean(scores.Select(s => s.Ssim)), "", "SSIM of A's look in B's pose vs the ground truth")
            .Add("transfer_psnr", Mean(scores.Select(s => s.Psnr)), "dB", "PSNR of transfers")
            .Add("transfer_l1", Mean(scores.Select(s => s.L1)), "", "mean |target - transfer| in [0, 1]")
            .Add("transfer_pairs", scores.Count, "", "transfer triples with ground truth (0: the split has no transfer.csv/pairs.csv)")
            .Add("transfer_ssim_baseline_appearance_image", Mean(copyAppearance), "", "baseline: SSIM of the target vs image A (right look, wrong pose)")
            .Add("transfer_ssim_baseline_pose_image", Mean(copyPose), "", "baseline: SSIM of the target vs image B (right pose, wrong look)");
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
