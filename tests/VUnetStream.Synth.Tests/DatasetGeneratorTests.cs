using System.Text.Json.Nodes;
using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Synth.Output;
using VUnetStream.Synth.Rendering;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Synth.Tests;

public class DatasetGeneratorTests
{
    private static DatasetOptions Small(string outDir, int seed = 2) =>
        new() { OutDir = outDir, People = 5, Poses = 3, Size = 64, Seed = seed, TestFraction = 0.4 };

    [Fact]
    public async Task Dataset_HasDisjointPeople_BenchmarkFiles_AndTransferTargetsThatEqualARenderOfAInBsPose()
    {
        using var dir = new TempDir();
        DatasetOptions options = Small(dir.Combine("ds"));
        DatasetResult result = await DatasetGenerator.WriteAsync(options);

        Assert.Equal((3, 2, 9, 6, 6), (result.TrainPeople, result.TestPeople, result.TrainImages, result.TestImages, result.Transfers));
        Dictionary<string, int> train = PeopleOf(dir.Combine("ds", "train")), test = PeopleOf(dir.Combine("ds", "test"));
        Assert.Empty(train.Values.Intersect(test.Values));
        Assert.Equal(2, test.Values.Distinct().Count());

        foreach (string split in new[] { "train", "test" })
        {
            IReadOnlyList<(string Name, PersonPose Pose)> annotations = BenchmarkCsv.Read(dir.Combine("ds", split, "annotations.csv"));
            Assert.Equal(Directory.GetFiles(dir.Combine("ds", split, "images")).Select(Path.GetFileName).Order(), annotations.Select(a => a.Name).Order());
            foreach ((string name, PersonPose pose) in annotations)
            {
                using Mat image = Cv2.ImRead(dir.Combine("ds", split, "images", name));
                Assert.Equal((64, 64), (image.Rows, image.Cols));
                Assert.All(Enumerable.Range(1, 13), j => Assert.True(pose[j].IsPresent, $"{name}: full body in frame, {(Coco18)j} missing"));
            }

            string[] pairs = File.ReadAllLines(dir.Combine("ds", split, "pairs.csv"));
            Assert.Equal("from,to", pairs[0]);
            Dictionary<string, int> people = split == "train" ? train : test;
            Assert.Equal(people.Count * 2, pairs.Length - 1);
            Assert.All(pairs.Skip(1), line =>
            {
                string[] p = line.Split(',');
                Assert.NotEqual(p[0], p[1]);
                Assert.Equal(people[p[0]], people[p[1]]);
            });
        }

        string[] transfers = File.ReadAllLines(dir.Combine("ds", "test", "transfer.csv"));
        Assert.Equal("appearance,pose,target", transfers[0]);
        Assert.Equal(6, transfers.Length - 1);
        DatasetPlan plan = DatasetPlan.Create(options);
        var testAnnotations = BenchmarkCsv.Read(dir.Combine("ds", "test", "annotations.csv")).ToDictionary(a => a.Name, a => a.Pose);
        foreach (string line in transfers.Skip(1))
        {
            string[] t = line.Split(',');
            Assert.NotEqual(test[t[0]], test[t[1]]);
            PlannedTransfer planned = plan.Transfers.Single(p => p.TargetName == t[2]);
            using RenderedPerson expected = DatasetGenerator.RenderTransfer(plan, planned, 64);
            using Mat written = Cv2.ImRead(dir.Combine("ds", "test", "targets", t[2]));
            Assert.Equal(TestSupport.Bytes(expected.Image), TestSupport.Bytes(written));

            // A in B's pose has exactly B's keypoints, so B's annotation is the target's pose.
            PersonPose b = testAnnotations[t[1]];
            for (int j = 0; j < Coco18Skeleton.JointCount; j++)
            {
                Assert.Equal(b[j].IsPresent, expected.Keypoints[j].IsPresent);
                if (b[j].IsPresent)
                {
                    Assert.Equal(b[j].X, MathF.Round(expected.Keypoints[j].X));
                    Assert.Equal(b[j].Y, MathF.Round(expected.Keypoints[j].Y));
                }
            }

            // ... and A's appearance: A's shirt colour is in the target, B's look is not A's.
            Assert.Equal(plan.Person(planned.AppearancePersonId).Appearance, plan.Person(test[t[0]]).Appearance);
        }

        JsonNode index = JsonNode.Parse(File.ReadAllText(dir.Combine("ds", DatasetGenerator.IndexFile)))!;
        Assert.Equal(2, (int)index["seed"]!);
        Assert.Equal(64, (int)index["size"]!);
        Assert.Equal(GeneratorInfo.Version, (int)index["generator_version"]!);
        JsonKeyRules.AssertUnitsFreeKeys(index);
        Assert.Equal("px", (string?)index["units"]!["size"]);
        Assert.Empty(Directory.GetDirectories(dir.Path, ".*partial*"));
    }

    [Fact]
    public async Task Dataset_WritesASoftPersonMatteForEveryImageAndTarget_ThatCoversThePersonOnly()
    {
        using var dir = new TempDir();
        DatasetOptions options = Small(dir.Combine("ds"));
        await DatasetGenerator.WriteAsync(options);
        DatasetPlan plan = DatasetPlan.Create(options);

        foreach (string split in new[] { "train", "test" })
        {
            Assert.Equal(
                Directory.GetFiles(dir.Combine("ds", split, "images")).Select(Path.GetFileName).Order(),
                Directory.GetFiles(dir.Combine("ds", split, DatasetGenerator.MaskFolder)).Select(Path.GetFileName).Order());
        }

        Assert.Equal(
            Directory.GetFiles(dir.Combine("ds", "test", "targets")).Select(Path.GetFileName).Order(),
            Directory.GetFiles(dir.Combine("ds", "test", DatasetGenerator.TargetMaskFolder)).Select(Path.GetFileName).Order());

        PlannedImage first = plan.Images.First(i => !i.Test);
        using RenderedPerson render = DatasetGenerator.RenderImage(plan, first, 64);
        using Mat matte = Cv2.ImRead(dir.Combine("ds", "train", DatasetGenerator.MaskFolder, first.Name), ImreadModes.Unchanged);
        Assert.Equal(MatType.CV_8UC1, matte.Type());
        using var hard = new Mat();
        Cv2.Threshold(matte, hard, 127, 255, ThresholdTypes.Binary);
        using var differ = new Mat();
        Cv2.Compare(hard, render.Mask, differ, CmpTypes.NE);
        Assert.Equal(0, Cv2.CountNonZero(differ));
        // Soft at the anti-aliased edges, not a hard 0/255 cut-out.
        using var soft = new Mat();
        Cv2.InRange(matte, new Scalar(1), new Scalar(254), soft);
        Assert.True(Cv2.CountNonZero(soft) > 10, "the matte has no soft edge pixels");
        Assert.True(Cv2.CountNonZero(hard) is > 100 and < 64 * 64 / 2, $"the matte covers {Cv2.CountNonZero(hard)} px of 4096");
    }

    [Fact]
    public async Task Dataset_SameSeedTwice_IsByteIdentical_AnotherSeedDiffers()
    {
        using var dir = new TempDir();
        await DatasetGenerator.WriteAsync(Small(dir.Combine("a")) with { People = 3, Poses = 2 });
        await DatasetGenerator.WriteAsync(Small(dir.Combine("b")) with { People = 3, Poses = 2 });
        await DatasetGenerator.WriteAsync(Small(dir.Combine("c"), seed: 3) with { People = 3, Poses = 2 });

        string[] files = [.. Directory.GetFiles(dir.Combine("a"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.Combine("a"), f)).Order()];
        Assert.Equal(files, Directory.GetFiles(dir.Combine("b"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.Combine("b"), f)).Order());
        foreach (string f in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Combine("a"), f)), File.ReadAllBytes(Path.Combine(dir.Combine("b"), f)));
        }

        string anImage = files.First(f => f.EndsWith(".png", StringComparison.Ordinal) && File.Exists(Path.Combine(dir.Combine("c"), f)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir.Combine("a"), anImage)), File.ReadAllBytes(Path.Combine(dir.Combine("c"), anImage)));
    }

    private static Dictionary<string, int> PeopleOf(string split)
    {
        string[] lines = File.ReadAllLines(Path.Combine(split, "people.csv"));
        Assert.StartsWith("image,person,skin,", lines[0], StringComparison.Ordinal);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
