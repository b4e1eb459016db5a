using OpenCvSharp;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Tests.Experiments;

public sealed class ExperimentTests(TinyCheckpointFixture fixture) : IClassFixture<TinyCheckpointFixture>
{
    [Fact]
    public void Reconstruction_WritesOneRowPerImage_WithInputStickmanAndOutput()
    {
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        PoseDataset test = PoseDataset.Open(fixture.Data, DatasetSplit.Test, 3);
        using ModelInputs inputs = runner.Load(test.Samples);
        using Mat sheet = ExperimentGrids.Reconstruction(runner, inputs, "t");
        string path = Path.Combine(fixture.Folder, "recon.png");
        ImageGrid.SavePng(sheet, path);
        using Mat read = Cv2.ImRead(path);
        // 32² cells are enlarged to 128²: 3 columns, 3 rows.
        Assert.True(read.Cols >= 3 * 128 && read.Cols < 4 * 128 + 100, $"width {read.Cols}");
        Assert.True(read.Rows >= 3 * 128 && read.Rows < 4 * 128, $"height {read.Rows}");
        // The input cell of row 1 shows the input image (enlarged).
        using Mat cell = CellOf(read, sheetRow: 0, column: 0, labelWidth: read.Cols - 3 * 132 - 4);
        using var expected = new Mat();
        Cv2.Resize(inputs.SquareImages[0], expected, new Size(128, 128), 0, 0, InterpolationFlags.Nearest);
        Assert.True(ImageMetrics.L1(cell, expected) < 1e-9);
    }

    [Fact]
    public void Samples_WritesKColumnsOfSamplesPerPose_ThatDiffer()
    {
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        PoseDataset test = PoseDataset.Open(fixture.Data, DatasetSplit.Test, 2);
        using ModelInputs inputs = runner.Load(test.Samples);
        Mat[][] samples = runner.Samples(inputs, 3, seed: 5);
        Assert.Equal(2, samples.Length);
        Assert.All(samples, row => Assert.Equal(3, row.Length));
        Assert.True(ImageMetrics.L1(samples[0][0], samples[0][1]) > 0, "samples from the prior differ");
        Mat[][] again = runner.Samples(inputs, 3, seed: 5);
        Assert.Equal(0, ImageMetrics.L1(samples[1][2], again[1][2]));
        foreach (Mat m in samples.Concat(again).SelectMany(r => r))
        {
            m.Dispose();
        }

        using Mat sheet = ExperimentGrids.Samples(runner, inputs, 3, 5, "t");
        Assert.True(sheet.Cols >= 5 * 128);
    }

    [Fact]
    public void Transfer_WritesTheFullAxBTable()
    {
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        PoseDataset test = PoseDataset.Open(fixture.Data, DatasetSplit.Test);
        using ModelInputs looks = runner.Load(test.Samples.Take(3).ToArray());
        using ModelInputs poses = runner.Load(test.Samples.Skip(3).Take(2).ToArray());
        Mat[][] table = runner.TransferTable(looks, poses);
        Assert.Equal(2, table.Length);
        Assert.All(table, row => Assert.Equal(3, row.Length));

        // The table equals pairwise transfer of the same (look, pose).
        using ModelInputs look = runner.Load([test.Samples[1]]);
        using ModelInputs pose = runner.Load([test.Samples[4]]);
        Mat[] pair = runner.TransferPairs(look, pose);
        Assert.True(ImageMetrics.L1(table[1][1], pair[0]) < 2.0 / 255);
        foreach (Mat m in table.SelectMany(r => r).Concat(pair))
        {
            m.Dispose();
        }

        using Mat sheet = ExperimentGrids.Transfer(runner, looks, poses, "t");
        // Header row of looks + 2 pose rows; 2 + 3 columns.
        Assert.True(sheet.Rows >= 3 * 128 && sheet.Cols >= 5 * 128);
    }

    [Fact]
    public void Eval_ReportsTheRequiredKeys_WithValuesInRange()
    {
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        MeasurementReport report = Evaluation.Run(runner, fixture.Data, new EvalOptions { Images = 4, Transfers = 4, SamplePoses = 2, SamplesPerPose = 3 }, "tiny");
        string json = Path.Combine(fixture.Folder, "eval.json");
        report.WriteJson(json);
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
        foreach (string key in new[] { "reconstruction_ssim", "transfer_ssim", "reconstruction_psnr", "transfer_psnr", "sample_diversity", "sample_shape_consistency" })
        {
            Assert.NotNull(root[key]);
        }

        double ssim = (double)root["reconstruction_ssim"]!;
        Assert.InRange(ssim, -1, 1);
        Assert.Equal(4, (double)root["transfer_pairs"]!);
        Assert.InRange((double)root["sample_diversity"]!, 1e-6, 1);
        Assert.Contains("reconstruction_ssim", report.ToTable(), StringComparison.Ordinal);
        VUnetStream.Tests.Shared.JsonKeyRules.AssertUnitsFreeKeys(root);
        VUnetStream.Tests.Shared.JsonKeyRules.AssertNumbersHaveUnits(root.AsObject());
        Assert.Equal("dB", (string?)root["units"]!["transfer_psnr"]);
    }

    [Fact]
    public void Eval_DatasetWithMasksAndPeople_ReportsTheAppearanceKeysForBothPrefixes()
    {
        using var runner = new VUnetRunner(ModelLoader.Load(fixture.Checkpoint), ownsModel: true);
        MeasurementReport report = Evaluation.Run(runner, fixture.Data, new EvalOptions { Images = 4, Transfers = 4, SamplePoses = 2, SamplesPerPose = 2 }, "tiny");
        var root = report.ToJson();
        foreach (string prefix in new[] { "reconstruction", "transfer" })
        {
            foreach (string key in new[]
            {
                "part_colour_error", "mean_person_colour_error", "colour_error_ratio", "retrieval_top1", "retrieval_top1_deep",
                "retrieval_chance", "person_ssim", "person_l1", "mean_person_person_ssim", "resnet18_feature_distance", "ssim_baseline_mean_person",
            })
            {
                Assert.True(root[$"{prefix}_{key}"] is not null, $"{prefix}_{key} missing or NaN");
            }

            // Every tiny test image is a person of its own (people.csv), so chance is 1 / the truths scored.
            Assert.Equal(1.0 / 4, (double)root[$"{prefix}_retrieval_chance"]!, 12);
            Assert.InRange((double)root[$"{prefix}_person_ssim"]!, -1, 1);
            Assert.Equal("people.csv", (string)root[$"{prefix}_retrieval_people"]!);
        }
    }

    [Fact]
    public void EdgeCorrelation_SameShapeInOtherColours_IsHigherThanAnotherShape()
    {
        var random = new Random(3);
        Core.Keypoints.PersonPose pose = Data.TinyPeople.RandomPose(random, 64);
        Core.Keypoints.PersonPose other = Data.TinyPeople.RandomPose(new Random(99), 64).Transform(1f, 9, 0);
        using Mat a = Data.TinyPeople.Render(pose, Data.TinyPeople.RandomLook(random), 64);
        using Mat b = Data.TinyPeople.Render(pose, Data.TinyPeople.RandomLook(random), 64);
        using Mat c = Data.TinyPeople.Render(other, Data.TinyPeople.RandomLook(random), 64);
        double same = ShapeMeasures.EdgeCorrelation(a, b);
        double different = ShapeMeasures.EdgeCorrelation(a, c);
        Assert.True(same > different + 0.1, $"same shape {same:0.00}, other shape {different:0.00}");
        Assert.Equal(1.0, ShapeMeasures.EdgeCorrelation(a, a), 9);
    }

    private static Mat CellOf(Mat sheet, int sheetRow, int column, int labelWidth)
    {
        // Layout of ImageGrid: title 22 px, header 22 px, gap 4, cells 128 + gap 4.
        int x = labelWidth + 4 + column * 132;
        int y = 22 + 22 + 4 + sheetRow * 132;
        return new Mat(sheet, new Rect(x, y, 128, 128)).Clone();
    }
}
