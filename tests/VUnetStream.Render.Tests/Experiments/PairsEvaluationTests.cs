using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Render.Tests.Experiments;

/// <summary>The pairs.csv benchmark report (eval's <c>pairs_*</c>) and transfer --out-dir on a pairs layout, on small synthetic benchmark folders.</summary>
public sealed class PairsEvaluationTests(TinyCheckpointFixture fixture) : IClassFixture<TinyCheckpointFixture>
{
    // A benchmark folder like DeepFashion's / Market's: images/, annotations.csv, pairs.csv (no transfer.csv).
    // Market-like (width < height): each tiny person is drawn in a width² square placed in the middle of the tall frame.
    private static string WriteLayout(string root, int width, int height, int people, string pairs, int seed = 3)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "images"));
        var entries = new List<(string, PersonPose)>();
        int side = Math.Min(width, height);
        for (int i = 0; i < people; i++)
        {
            TinyPeople.Look look = TinyPeople.RandomLook(random);
            PersonPose pose = TinyPeople.RandomPose(random, side);
            using Mat person = TinyPeople.Render(pose, look, side);
            using var frame = new Mat(height, width, MatType.CV_8UC3, look.Background);
            int dx = (width - side) / 2, dy = (height - side) / 2;
            person.CopyTo(new Mat(frame, new Rect(dx, dy, side, side)));
            string name = $"p{i}.png";
            Cv2.ImWrite(Path.Combine(root, "images", name), frame);
            entries.Add((name, pose.Transform(1f, dx, dy)));
        }

        BenchmarkCsv.Write(Path.Combine(root, "annotations.csv"), entries);
        File.WriteAllText(Path.Combine(root, "pairs.csv"), "from,to\n" + pairs);
        return root;
    }

    private static IReadOnlyList<TransferTriple> Pairs(string root) => TransferTriples.Read(PoseDataset.Open(root, DatasetSplit.Test));

    private static Mat Square(TransferTriple triple, int size)
    {
        using Mat raw = Cv2.ImRead(triple.TargetPath);
        return PreparedSample.ToSquare(raw, triple.Pose.Pose, size).Image;
    }

    private static Dictionary<string, double> Values(MeasurementReport report) =>
        report.Rows.Where(r => r.Value is double).ToDictionary(r => r.Key, r => (double)r.Value);

    [Fact]
    public void Baselines_IdenticalFromAndTo_SourceCopyIsPerfect_AndTheMeanOfIdenticalTargetsIsThatImage()
    {
        using var temp = new TempFolder();
        // Both pairs have target p0; the second's source is p0 too, the first's is another person.
        string root = WriteLayout(temp.Combine("df"), 64, 64, 2, "p1.png,p0.png\np0.png,p0.png\n");
        IReadOnlyList<TransferTriple> triples = Pairs(root);
        Assert.True(PairsEvaluation.ArePairs(triples));

        using var pairs = new PairsEvaluation();
        foreach (TransferTriple t in triples)
        {
            using Mat output = Square(t, 32);
            pairs.Add(t, output);
        }

        var report = new MeasurementReport("pairs");
        pairs.Report(report, redetection: null);
        Dictionary<string, double> v = Values(report);
        Assert.Equal(2, v["pairs_count"]);
        Assert.Equal(64, v["image_width"]);
        Assert.Equal(64, v["image_height"]);
        // The mean of two copies of p0 is p0: a perfect score on both pairs.
        Assert.Equal(1.0, v["pairs_mean_target_ssim"], 9);
        Assert.Equal(0.0, v["pairs_mean_target_part_colour_error"], 9);
        // Source copied: one perfect pair (p0 -> p0), one wrong person.
        using Mat p0 = Cv2.ImRead(triples[1].TargetPath);
        using Mat p1 = Cv2.ImRead(triples[0].Appearance.ImagePath);
        Assert.Equal((1.0 + ImageMetrics.Ssim(p0, p1)) / 2, v["pairs_source_copy_ssim"], 9);
        Assert.True(v["pairs_source_copy_ssim"] < 0.999);
        // The "model" output here is the target squared to 32 px and back: close, not exact.
        Assert.InRange(v["pairs_ssim"], 0.5, 0.999);
        Assert.False(report.Rows.Any(r => r.Key.Contains("redetection", StringComparison.Ordinal)), "no re-detection keys without an estimator");
    }

    [Fact]
    public void NonSquare_MarketLikeImages_AreScoredAt64x128_AndReDetectionSeesThoseImagesWithTheTargetPose()
    {
        using var temp = new TempFolder();
        string root = WriteLayout(temp.Combine("market"), 64, 128, 3, "p0.png,p1.png\np1.png,p2.png\np2.png,p2.png\n");
        IReadOnlyList<TransferTriple> triples = Pairs(root);
        using var pairs = new PairsEvaluation();
        foreach (TransferTriple t in triples)
        {
            using Mat output = Square(t, 32);
            pairs.Add(t, output);
        }

        var seen = new List<IReadOnlyList<(Mat Image, PersonPose Target)>>();
        var report = new MeasurementReport("pairs");
        pairs.Report(report, items =>
        {
            seen.Add([.. items.Select(i => (i.Image.Clone(), i.Target))]);
            // A made-up score whose values say which call it was, to check where each lands.
            return new RedetectionScore(items.Count, Math.Min(seen.Count, items.Count), seen.Count * 10, seen.Count / 10.0);
        });

        Dictionary<string, double> v = Values(report);
        Assert.Equal(64, v["image_width"]);
        Assert.Equal(128, v["image_height"]);
        // Source copied: the p2 -> p2 pair scores 1, the other two the SSIM of two different people.
        double[] copies = [.. triples.Select(t =>
        {
            using Mat from = Cv2.ImRead(t.Appearance.ImagePath);
            using Mat to = Cv2.ImRead(t.TargetPath);
            return ImageMetrics.Ssim(to, from);
        })];
        Assert.Equal(1.0, copies[2]);
        Assert.Equal(copies.Average(), v["pairs_source_copy_ssim"], 9);
        Assert.Equal(4, seen.Count);
        foreach (IReadOnlyList<(Mat Image, PersonPose Target)> call in seen)
        {
            Assert.Equal(3, call.Count);
            Assert.All(call, i => Assert.Equal(new Size(64, 128), i.Image.Size()));
            // Targets in the coordinates of the 64x128 image (the annotation), not of the model's square.
            Assert.Equal([.. triples.Select(t => t.Pose.Pose[Coco18.Neck].X)], call.Select(i => i.Target[Coco18.Neck].X));
        }

        // Calls: model outputs, mean target (one image for all three pairs), source copied, the targets themselves.
        Assert.Equal(1.0, ImageMetrics.Ssim(seen[1][0].Image, seen[1][2].Image));
        using Mat p2 = Cv2.ImRead(triples[2].TargetPath);
        Assert.Equal(1.0, ImageMetrics.Ssim(seen[3][2].Image, p2));
        Assert.Equal(1.0, ImageMetrics.Ssim(seen[2][2].Image, p2));
        Assert.Equal(1.0 / 3, v["pairs_redetection_rate"], 9);
        Assert.Equal(20, v["pairs_mean_target_redetection_error"]);
        Assert.Equal(0.3, v["pairs_source_copy_redetection_error_height_fraction"], 9);
        Assert.Equal(1.0, v["pairs_target_redetection_rate"], 9);
        foreach (Mat m in seen.SelectMany(c => c).Select(i => i.Image))
        {
            m.Dispose();
        }

        string table = PairsEvaluation.ComparisonTable(report)!;
        Assert.Contains("model | mean target | source copied | target itself", table, StringComparison.Ordinal);
        Assert.Contains("64x128", table, StringComparison.Ordinal);
        Assert.Contains("re-detection error (px)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSquare_UndoesTheSquarePadding_OfAMarketCrop()
    {
        using var temp = new TempFolder();
        string root = WriteLayout(temp.Combine("market"), 64, 128, 1, "p0.png,p0.png\n");
        TransferTriple t = Pairs(root)[0];
        using Mat square = Square(t, 128);
        using Mat back = PreparedSample.FromSquare(square, 64, 128);
        using Mat original = Cv2.ImRead(t.TargetPath);
        Assert.Equal(original.Size(), back.Size());
        Assert.Equal(0.0, ImageMetrics.L1(original, back));
    }

    [Fact]
    public void Eval_OnAPairsLayout_ReportsThePairsKeys_AtTheDatasetSize_WithUnits()
    {
        using var temp = new TempFolder();
        string root = WriteLayout(temp.Combine("market"), 64, 128, 4, "p0.png,p1.png\np1.png,p2.png\np3.png,p3.png\n");
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        var images = new List<Size>();
        MeasurementReport report = Evaluation.Run(runner, root, new EvalOptions { Images = 2, Transfers = 3, SamplePoses = 2, SamplesPerPose = 2 }, "tiny",
            items =>
            {
                images.AddRange(items.Select(i => i.Image.Size()));
                return new RedetectionScore(items.Count, items.Count, 1.5, 0.02);
            });

        var json = report.ToJson();
        foreach (string key in new[]
        {
            "pairs_count", "image_width", "image_height", "pairs_ssim", "pairs_mean_target_ssim", "pairs_source_copy_ssim",
            "pairs_part_colour_error", "pairs_mean_target_part_colour_error", "pairs_source_copy_part_colour_error",
            "pairs_redetection_rate", "pairs_redetection_error", "pairs_redetection_error_height_fraction",
            "pairs_mean_target_redetection_rate", "pairs_mean_target_redetection_error", "pairs_source_copy_redetection_error_height_fraction",
            "pairs_target_redetection_error",
        })
        {
            Assert.True(json[key] is not null, $"{key} missing or NaN");
        }

        Assert.Equal(3, (double)json["pairs_count"]!);
        Assert.Equal(64, (double)json["image_width"]!);
        Assert.Equal(128, (double)json["image_height"]!);
        Assert.InRange((double)json["pairs_ssim"]!, -1, 1);
        Assert.Equal(4 * 3, images.Count);
        Assert.All(images, s => Assert.Equal(new Size(64, 128), s));
        Assert.Equal("px", (string?)json["units"]!["pairs_redetection_error"]);
        JsonKeyRules.AssertUnitsFreeKeys(json);
        JsonKeyRules.AssertNumbersHaveUnits(json);
    }

    [Fact]
    public void Eval_OnASynthDataset_HasNoPairsKeys()
    {
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        MeasurementReport report = Evaluation.Run(runner, fixture.Data, new EvalOptions { Images = 2, Transfers = 2, SamplePoses = 2, SamplesPerPose = 2 }, "tiny",
            _ => throw new InvalidOperationException("no pairs, so nothing to re-detect"));
        Assert.DoesNotContain(report.Rows, r => r.Key.StartsWith("pairs_", StringComparison.Ordinal));
        Assert.Null(PairsEvaluation.ComparisonTable(report));
    }

    [Fact]
    public void OutDir_PairsLayout_WritesFromThreeUnderscoresTo_AtEachTargetsSize()
    {
        using var temp = new TempFolder();
        string market = WriteLayout(temp.Combine("market"), 64, 128, 2, "p0.png,p1.png\np1.png,p0.png\n");
        string fashion = WriteLayout(temp.Combine("df"), 48, 48, 2, "p1.png,p0.png\n");
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        foreach ((string root, Size size, string[] names) in new[]
        {
            (market, new Size(64, 128), new[] { "p0___p1.png", "p1___p0.png" }),
            (fashion, new Size(48, 48), new[] { "p1___p0.png" }),
        })
        {
            IReadOnlyList<TransferTriple> triples = Pairs(root);
            Assert.Equal(names, GeneratedImages.TransferNames(triples));
            GeneratedImageFolder folder = GeneratedImageFolder.Prepare(Path.Combine(root, "out"), GeneratedImages.TransferNames(triples), overwrite: false);
            GeneratedImages.WriteTransfers(runner, triples, folder);
            foreach (string name in names)
            {
                using Mat written = Cv2.ImRead(Path.Combine(root, "out", name));
                Assert.Equal(size, written.Size());
            }
        }
    }

    [Fact]
    public void OutDir_TransferCsv_KeepsTheTargetNamesAtTheModelSize()
    {
        PoseDataset test = PoseDataset.Open(fixture.Data, DatasetSplit.Test);
        IReadOnlyList<TransferTriple> triples = TransferTriples.Read(test, 2);
        using var temp = new TempFolder();
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        GeneratedImageFolder folder = GeneratedImageFolder.Prepare(temp.Combine("out"), GeneratedImages.TransferNames(triples), overwrite: false);
        GeneratedImages.WriteTransfers(runner, triples, folder);
        foreach (TransferTriple t in triples)
        {
            Assert.Equal(Path.ChangeExtension(t.TargetName!, ".png"), t.OutputName);
            using Mat written = Cv2.ImRead(temp.Combine("out", t.OutputName));
            Assert.Equal(new Size(runner.Config.ImageSize, runner.Config.ImageSize), written.Size());
        }
    }
}
