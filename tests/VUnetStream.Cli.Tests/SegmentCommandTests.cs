namespace VUnetStream.Cli.Tests;

/// <summary>Bad input to <c>vunet segment</c> and <c>vunet segment-eval</c>, through the real program: refused before any work, saying why.</summary>
public sealed class SegmentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-segment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Segment_OfAMissingInput_FailsNamingIt()
    {
        (int code, _, string stderr) = VunetProcess.Run(_dir, "segment", "--input", "nowhere.jpg", "--out", "masks");

        Assert.Equal(1, code);
        Assert.Contains("nowhere.jpg", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "masks")));
    }

    [Fact]
    public void Segment_WithAnUnknownPoseModel_ExitsWith2ListingTheChoices()
    {
        File.WriteAllBytes(Path.Combine(_dir, "photo.jpg"), [0]);

        (int code, _, string stderr) = VunetProcess.Run(_dir, "segment", "--input", "photo.jpg", "--out", "masks", "--pose-model", "huge");

        Assert.Equal(2, code);
        Assert.Contains("huge", stderr, StringComparison.Ordinal);
        Assert.Contains("lite, full or heavy", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_IntoANonEmptyFolder_IsRefusedWithoutOverwrite_AndTheFolderIsLeftAlone()
    {
        File.WriteAllBytes(Path.Combine(_dir, "photo.jpg"), [0]);
        string taken = Directory.CreateDirectory(Path.Combine(_dir, "taken")).FullName;
        File.WriteAllText(Path.Combine(taken, "mine.txt"), "keep");

        (int code, _, string stderr) = VunetProcess.Run(_dir, "segment", "--input", "photo.jpg", "--out", "taken");

        Assert.NotEqual(0, code);
        Assert.Contains("--overwrite", stderr, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(taken, "mine.txt")));
    }

    [Fact]
    public void SegmentEval_OnAFolderWithoutMasks_FailsSayingWhichLayoutItNeeds()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data", "images"));

        (int code, _, string stderr) = VunetProcess.Run(_dir, "segment-eval", "--data", "data");

        Assert.Equal(1, code);
        Assert.Contains("vunet: error:", stderr, StringComparison.Ordinal);
        Assert.Contains("masks/", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentEval_WithANegativeImageCount_ExitsWith2NamingTheOption()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data"));

        (int code, _, string stderr) = VunetProcess.Run(_dir, "segment-eval", "--data", "data", "--images", "-1");

        Assert.Equal(2, code);
        Assert.Contains("--images -1", stderr, StringComparison.Ordinal);
    }
}
