using OpenCvSharp;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Tests.Data;

namespace VUnetStream.Render.Tests.Experiments;

public sealed class GeneratedImagesTests
{
    [Fact]
    public void TransferNames_TransferCsv_AreItsTargetColumn()
    {
        using var temp = new TempFolder();
        string root = TinyPeople.WriteDataset(temp.Combine("data"), 2, 4, 32, seed: 5, transfers: 3);
        PoseDataset test = PoseDataset.Open(root, DatasetSplit.Test);
        string[] targets = [.. File.ReadAllLines(Path.Combine(test.Root, "transfer.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[2])];
        Assert.Equal(3, targets.Length);
        Assert.Equal(targets, GeneratedImages.TransferNames(TransferTriples.Read(test)));
    }

    [Fact]
    public void TransferNames_PairsCsv_AreFromThreeUnderscoresTo()
    {
        using var temp = new TempFolder();
        string root = TinyPeople.WriteDataset(temp.Combine("data"), 2, 3, 32, seed: 6, transfers: 0);
        PoseDataset test = PoseDataset.Open(root, DatasetSplit.Test);
        File.WriteAllText(Path.Combine(test.Root, "pairs.csv"), "from,to\nperson0000.png,person0002.png\nperson0002.png,person0001.png\n");
        Assert.Equal(
            ["person0000___person0002.png", "person0002___person0001.png"],
            GeneratedImages.TransferNames(TransferTriples.Read(test)));
    }

    [Fact]
    public void ReconstructionName_IsTheImagesNameAsPng()
    {
        var sample = new PoseSample("look 3.jpg", "/nowhere/look 3.jpg", Core.Keypoints.PersonPose.Empty());
        Assert.Equal("look 3.png", GeneratedImages.ReconstructionName(sample));
    }

    [Fact]
    public void Prepare_ExistingFile_FailsNamingIt_AndOverwriteReplacesIt()
    {
        using var temp = new TempFolder();
        string existing = temp.Combine("b.png");
        File.WriteAllText(existing, "someone else's file");
        IOException error = Assert.Throws<IOException>(() => GeneratedImageFolder.Prepare(temp.Path, ["a.png", "b.png"], overwrite: false));
        Assert.Contains(existing, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("a.png")), "nothing is written when a name clashes");

        GeneratedImageFolder folder = GeneratedImageFolder.Prepare(temp.Path, ["a.png", "b.png"], overwrite: true);
        using var image = new Mat(8, 8, MatType.CV_8UC3, new Scalar(10, 20, 30));
        folder.Write("b.png", image);
        using Mat read = Cv2.ImRead(existing);
        Assert.Equal(0.0, ImageMetrics.L1(read, image));
    }

    [Fact]
    public void Prepare_TwoRowsWithOneName_Fails()
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => GeneratedImageFolder.Prepare(temp.Path, ["a.png", "a.png"], overwrite: true));
    }

    [Fact]
    public void Prepare_NameWithAFolder_Fails()
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => GeneratedImageFolder.Prepare(temp.Path, ["../escape.png"], overwrite: true));
    }

    [Fact]
    public void Write_NameNotPrepared_Fails()
    {
        using var temp = new TempFolder();
        GeneratedImageFolder folder = GeneratedImageFolder.Prepare(temp.Combine("out"), ["a.png"], overwrite: false);
        using var image = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => folder.Write("c.png", image));
        Assert.Equal(temp.Combine("out", "a.png"), folder.Write("a.png", image));
    }
}
