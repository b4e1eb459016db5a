using VUnetStream.Core.IO;

namespace VUnetStream.Core.Tests;

/// <summary>The up-front rule every command applies to its outputs (issue 10: never lose a user's file).</summary>
public sealed class OutputGuardTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vunet-guard-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Check_AnOutputFolderThatHoldsTheInputs_IsRefusedNamingBothEvenWithOverwrite()
    {
        string video = Sentinel("dancer.mp4"), photo = Sentinel("person.png"), notes = Sentinel("notes.txt");

        IOException error = Assert.Throws<IOException>(() => OutputGuard.Check(
            [NamedOutput.File("--out", Path.Combine(_root, "out.mp4")), NamedOutput.Folder("--keypoints-out", _root)],
            [new NamedPath("--video", video), new NamedPath("--photo", photo)],
            overwrite: true));

        Assert.Contains($"--keypoints-out '{_root}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"--video '{video}'", error.Message, StringComparison.Ordinal);
        AssertSentinelsSurvive(video, photo, notes);
    }

    [Fact]
    public void Check_AnOutputFileThatIsTheInput_IsRefusedEvenWithOverwrite()
    {
        string video = Sentinel("dancer.mp4");

        IOException error = Assert.Throws<IOException>(() =>
            OutputGuard.Check([NamedOutput.File("--json", video)], [new NamedPath("--video", video)], overwrite: true));

        Assert.Contains("--json", error.Message, StringComparison.Ordinal);
        Assert.Contains("is the input --video", error.Message, StringComparison.Ordinal);
        AssertSentinelsSurvive(video);
    }

    [Fact]
    public void Check_AnOutputThatIsASymbolicLinkToTheInput_IsRefused()
    {
        string video = Sentinel("dancer.mp4");
        string link = Path.Combine(_root, "result.mp4");
        File.CreateSymbolicLink(link, video);

        Assert.Throws<IOException>(() =>
            OutputGuard.Check([NamedOutput.File("--out", link)], [new NamedPath("--video", video)], overwrite: true));
    }

    [Fact]
    public void Check_AnExistingOutputFileWithoutOverwrite_IsRefusedAndWithOverwriteAllowed()
    {
        string old = Sentinel("out.mp4");
        NamedOutput[] outputs = [NamedOutput.File("--out", old)];

        IOException error = Assert.Throws<IOException>(() => OutputGuard.Check(outputs, [], overwrite: false));

        Assert.Contains("--overwrite", error.Message, StringComparison.Ordinal);
        OutputGuard.Check(outputs, [], overwrite: true);
        AssertSentinelsSurvive(old);
    }

    [Fact]
    public void Check_ANonEmptyOutputFolderWithoutOverwrite_IsRefusedButAnEmptyOneIsAccepted()
    {
        string full = Path.Combine(_root, "full"), empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(full);
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(full, "mine.txt"), "mine");

        IOException error = Assert.Throws<IOException>(() => OutputGuard.Check([NamedOutput.Folder("--out", full)], [], overwrite: false));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        OutputGuard.Check([NamedOutput.Folder("--out", empty)], [], overwrite: false);
        OutputGuard.Check([NamedOutput.Folder("--out", Path.Combine(_root, "new"))], [], overwrite: false);
    }

    [Fact]
    public void Check_TwoOutputsAtTheSamePath_AreRefused()
    {
        string path = Path.Combine(_root, "same.json");

        IOException error = Assert.Throws<IOException>(() =>
            OutputGuard.Check([NamedOutput.File("--out", path), NamedOutput.File("--json", path)], [], overwrite: true));

        Assert.Contains("the same path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AnOutputFileNextToTheInputsInAnotherFolder_IsAccepted() =>
        OutputGuard.Check(
            [NamedOutput.File("--out", Path.Combine(_root, "out.mp4")), NamedOutput.Folder("--keypoints-out", Path.Combine(_root, "kp"))],
            [new NamedPath("--video", Sentinel("dancer.mp4"))],
            overwrite: false);

    private string Sentinel(string name)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, "user data: " + name);
        return path;
    }

    private static void AssertSentinelsSurvive(params string[] paths)
    {
        foreach (string path in paths)
        {
            Assert.Equal("user data: " + Path.GetFileName(path), File.ReadAllText(path));
        }
    }
}
