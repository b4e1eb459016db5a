using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Data;

namespace VUnetStream.Render.Tests.Data;

public sealed class PoseDatasetTests
{
    [Fact]
    public void SynthRoot_ChoosesTheRequestedSplit()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, trainCount: 5, testCount: 3, size: 32, seed: 1);
        PoseDataset train = PoseDataset.Open(temp.Path, DatasetSplit.Train);
        PoseDataset test = PoseDataset.Open(temp.Path, DatasetSplit.Test);
        Assert.Equal(5, train.Count);
        Assert.Equal(3, test.Count);
        Assert.Equal("benchmark", train.Layout);
        Assert.Empty(train.Skipped);
        Assert.Null(train.SkippedSummary());
    }

    [Fact]
    public void MissingImage_IsLeftOutWithACountedWarningNamingIt()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 4, 2, 32, seed: 2);
        string gone = temp.Combine("train", "images", "person0002.png");
        File.Delete(gone);
        PoseDataset dataset = PoseDataset.Open(temp.Path);
        Assert.Equal(3, dataset.Count);
        DatasetProblem problem = Assert.Single(dataset.Skipped);
        Assert.Equal(gone, problem.File);
        Assert.Contains("not found", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("1 image(s) left out", dataset.SkippedSummary(), StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptImage_IsLeftOutAsUndecodable()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 3, 2, 32, seed: 3);
        string broken = temp.Combine("train", "images", "person0001.png");
        File.WriteAllBytes(broken, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        PoseDataset dataset = PoseDataset.Open(temp.Path);
        Assert.Equal(2, dataset.Count);
        Assert.Contains("cannot be decoded", Assert.Single(dataset.Skipped).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void PoseWithoutHips_IsLeftOutAsNoTorso()
    {
        using var temp = new TempFolder();
        string dir = temp.Combine("set");
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        var random = new Random(4);
        PersonPose good = TinyPeople.RandomPose(random, 32);
        PersonPose noHips = good.With(Coco18.LHip, Keypoint.Missing).With(Coco18.RHip, Keypoint.Missing);
        foreach (string name in new[] { "a.png", "b.png" })
        {
            using Mat image = TinyPeople.Render(good, TinyPeople.RandomLook(random), 32);
            Cv2.ImWrite(Path.Combine(dir, "images", name), image);
        }

        BenchmarkCsv.Write(Path.Combine(dir, "annotations.csv"), [("a.png", good), ("b.png", noHips)]);
        PoseDataset dataset = PoseDataset.Open(dir);
        Assert.Equal("a.png", Assert.Single(dataset.Samples).Name);
        string problem = Assert.Single(dataset.Skipped).Problem;
        Assert.Contains("torso not visible", problem, StringComparison.Ordinal);
        Assert.Contains("lhip, rhip", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotations_WithWrongJointCount_FailNamingFileAndLine()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 2, 2, 32, seed: 5);
        string csv = temp.Combine("train", "annotations.csv");
        File.AppendAllText(csv, "extra.png: [1, 2, 3]: [4, 5, 6]\n");
        var ex = Assert.Throws<InvalidDataException>(() => PoseDataset.Open(temp.Path));
        Assert.Contains(csv + ":4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("18", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dataset_WithNoUsableImage_FailsWithTheReasons()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 2, 2, 32, seed: 6);
        foreach (string f in Directory.GetFiles(temp.Combine("train", "images")))
        {
            File.Delete(f);
        }

        var ex = Assert.Throws<InvalidDataException>(() => PoseDataset.Open(temp.Path));
        Assert.Contains("no usable image", ex.Message, StringComparison.Ordinal);
        Assert.Contains("image file not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutAnnotations_FailsWithTheExpectedLayouts()
    {
        using var temp = new TempFolder();
        var ex = Assert.Throws<InvalidDataException>(() => PoseDataset.Open(temp.Path));
        Assert.Contains("annotations.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OpenPose", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenPoseFolder_ReadsKeypointFilesBesideImages_AndSkipsImagesWithoutOne()
    {
        using var temp = new TempFolder();
        var random = new Random(7);
        PersonPose pose = TinyPeople.RandomPose(random, 40);
        foreach (string stem in new[] { "frame1", "frame2", "frame3" })
        {
            using Mat image = TinyPeople.Render(pose, TinyPeople.RandomLook(random), 40);
            Cv2.ImWrite(temp.Combine(stem + ".jpg"), image);
        }

        // frame1: a passer-by with few joints and the subject; frame2: none; frame3: no file.
        PersonPose passerBy = PersonPose.Empty().With(Coco18.Nose, Keypoint.At(3, 3));
        OpenPoseJson.Write(temp.Combine("frame1_keypoints.json"), [passerBy, pose]);
        OpenPoseJson.Write(temp.Combine("frame2_keypoints.json"), []);
        PoseDataset dataset = PoseDataset.Open(temp.Path);
        Assert.Equal("openpose", dataset.Layout);
        PoseSample sample = Assert.Single(dataset.Samples);
        Assert.Equal("frame1.jpg", sample.Name);
        Assert.Equal(pose[Coco18.LHip].X, sample.Pose[Coco18.LHip].X, 2);
        Assert.Equal(2, dataset.Skipped.Count);
        Assert.Contains(dataset.Skipped, p => p.Problem == "no person detected");
        Assert.Contains(dataset.Skipped, p => p.Problem.StartsWith("no keypoint file", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenPoseJson_WithWrongValueCount_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        using (Mat image = new(32, 32, MatType.CV_8UC3, Scalar.All(0)))
        {
            Cv2.ImWrite(temp.Combine("x.png"), image);
        }

        string json = temp.Combine("x_keypoints.json");
        File.WriteAllText(json, """{"people":[{"pose_keypoints_2d":[1,2,3,4]}]}""");
        var ex = Assert.Throws<InvalidDataException>(() => PoseDataset.Open(temp.Path));
        Assert.Contains(json, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonSquareImage_IsPaddedToSquareAndScaled_WithPoseMovedAlong()
    {
        // A Market-style 64 wide × 128 high crop, model size 64: pad 32 px left and right, then halve.
        using var image = new Mat(128, 64, MatType.CV_8UC3, Scalar.All(200));
        PersonPose pose = PersonPose.Empty().With(Coco18.Neck, Keypoint.At(10, 100));
        (Mat square, PersonPose moved) = PreparedSample.ToSquare(image, pose, 64);
        using (square)
        {
            Assert.Equal(64, square.Cols);
            Assert.Equal(64, square.Rows);
            Assert.Equal((10 + 32) / 2f, moved[Coco18.Neck].X, 3);
            Assert.Equal(100 / 2f, moved[Coco18.Neck].Y, 3);
            Assert.False(moved[Coco18.Nose].IsPresent);
        }
    }

    [Fact]
    public void TransferTriples_ReadsTransferCsvWithTargets()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 2, 4, 32, seed: 8, transfers: 3);
        PoseDataset test = PoseDataset.Open(temp.Path, DatasetSplit.Test);
        IReadOnlyList<TransferTriple> triples = TransferTriples.Read(test);
        Assert.Equal(3, triples.Count);
        Assert.Equal("person0000.png", triples[0].Appearance.Name);
        Assert.Equal("person0001.png", triples[0].Pose.Name);
        Assert.True(File.Exists(triples[0].TargetPath));
    }
}
