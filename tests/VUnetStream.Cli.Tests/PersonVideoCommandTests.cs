using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests;

/// <summary><c>vunet personalize --video</c> and <c>vunet eval-video</c> through the real program: bad input refused, saying why, touching nothing.</summary>
public sealed class PersonVideoCommandTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-person-video-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Personalize_IntoANonEmptyFolder_IsRefusedWithoutOverwrite_AndTheFolderIsLeftAlone()
    {
        File.WriteAllBytes(Path.Combine(_dir, "me.mp4"), [0]);
        string taken = Directory.CreateDirectory(Path.Combine(_dir, "taken")).FullName;
        File.WriteAllText(Path.Combine(taken, "mine.txt"), "keep");

        (int code, _, string stderr) = VunetProcess.Run(_dir, "personalize", "--video", "me.mp4", "--out", "taken");

        Assert.Equal(1, code);
        Assert.Contains("--overwrite", stderr, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(taken, "mine.txt")));
        Assert.Single(Directory.GetFileSystemEntries(taken));
    }

    [Fact]
    public void Personalize_ResumeOfAFolderItDidNotMake_FailsSayingSo_AndTouchesNothing()
    {
        File.WriteAllBytes(Path.Combine(_dir, "me.mp4"), [0]);
        string other = Directory.CreateDirectory(Path.Combine(_dir, "other")).FullName;
        File.WriteAllText(Path.Combine(other, "mine.txt"), "keep");

        (int code, _, string stderr) = VunetProcess.Run(_dir, "personalize", "--video", "me.mp4", "--out", "other", "--resume");

        Assert.Equal(1, code);
        Assert.Contains("not a model folder made by vunet personalize", stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetFileSystemEntries(other));
    }

    [Fact]
    public async Task Personalize_OfAVideoWithNoPerson_FailsWithOneClearLine_AndWritesNoFolder()
    {
        await DefectVideos.NoiseAsync(Path.Combine(_dir, "noise.mp4"), 6, 10);

        (int code, _, string stderr) = VunetProcess.Run(_dir, "personalize", "--video", "noise.mp4", "--out", "me", "--from", model.CheckpointPath, "--steps", "2", "--pose-model", "lite");

        Assert.Equal(1, code);
        Assert.Contains("vunet: error: no frame of", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "me")));
        Assert.Empty(Directory.GetDirectories(_dir, ".me*"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1.5")]
    public void EvalVideo_WithAHoldoutOutsideZeroToOne_ExitsWith2NamingTheOption(string holdout)
    {
        File.WriteAllBytes(Path.Combine(_dir, "me.mp4"), [0]);

        (int code, _, string stderr) = VunetProcess.Run(_dir, "eval-video", "--video", "me.mp4", "--checkpoint", model.CheckpointPath, "--holdout", holdout);

        Assert.Equal(2, code);
        Assert.Contains("--holdout", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EvalVideo_WithTheSideBySideOverItsOwnVideo_IsRefusedEvenWithOverwrite_AndTheVideoIsLeftAlone()
    {
        File.WriteAllBytes(Path.Combine(_dir, "me.mp4"), [7]);

        (int code, _, string stderr) = VunetProcess.Run(_dir, "eval-video", "--video", "me.mp4", "--checkpoint", model.CheckpointPath, "--side-by-side", "me.mp4", "--overwrite");

        Assert.NotEqual(0, code);
        Assert.Contains("--side-by-side", stderr, StringComparison.Ordinal);
        Assert.Equal([7], File.ReadAllBytes(Path.Combine(_dir, "me.mp4")));
    }
}
