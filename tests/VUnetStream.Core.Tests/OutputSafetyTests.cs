using VUnetStream.Core.IO;

namespace VUnetStream.Core.Tests;

public sealed class OutputSafetyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vunet-core-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AtomicFileWrite_WhenTheWriterThrows_LeavesNothingUnderTheFinalName()
    {
        string path = Path.Combine(_root, "out.bin");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, "half");
            throw new InvalidOperationException("boom");
        }));

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.EnumerateFiles(_root));
    }

    [Fact]
    public void AtomicFileWrite_ReplacesAnExistingFileOnlyWhenComplete()
    {
        string path = Path.Combine(_root, "out.txt");
        File.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void StagedDirectory_NotCommitted_LeavesNoFolder()
    {
        string target = Path.Combine(_root, "dataset");
        using (StagedDirectory staged = StagedDirectory.Begin(target))
        {
            File.WriteAllText(Path.Combine(staged.StagingPath, "a.txt"), "x");
        }

        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void StagedDirectory_Committed_AppearsUnderItsFinalName()
    {
        string target = Path.Combine(_root, "dataset");
        using (StagedDirectory staged = StagedDirectory.Begin(target))
        {
            File.WriteAllText(Path.Combine(staged.StagingPath, "a.txt"), "x");
            staged.Commit();
        }

        Assert.Equal("x", File.ReadAllText(Path.Combine(target, "a.txt")));
    }

    [Fact]
    public void StagedDirectory_NonEmptyDestinationWithoutOverwrite_IsRefused()
    {
        string target = Path.Combine(_root, "dataset");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");

        IOException error = Assert.Throws<IOException>(() => StagedDirectory.Begin(target));
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "keep.txt")));
    }

    [Fact]
    public void StagedDirectoryCommit_WhenTheDestinationFilledMeanwhile_FailsAndKeepsTheNewFiles()
    {
        string target = Path.Combine(_root, "dataset");
        using StagedDirectory staged = StagedDirectory.Begin(target);
        File.WriteAllText(Path.Combine(staged.StagingPath, "a.txt"), "ours");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");

        Assert.Throws<IOException>(staged.Commit);

        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "keep.txt")));
        Assert.False(File.Exists(Path.Combine(target, "a.txt")));
    }

    [Fact]
    public void StagedDirectoryCommit_WithOverwrite_ReplacesTheOldFolderAndLeavesNoTemporary()
    {
        string target = Path.Combine(_root, "dataset");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "old.txt"), "old");
        using (StagedDirectory staged = StagedDirectory.Begin(target, overwrite: true))
        {
            File.WriteAllText(Path.Combine(staged.StagingPath, "a.txt"), "new");
            staged.Commit();
        }

        Assert.Equal(["a.txt"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal(["dataset"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void AtomicFileWrite_WithoutOverwrite_WhenTheFileAppearedMeanwhile_KeepsItAndFails()
    {
        string path = Path.Combine(_root, "out.json");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, "ours");
            File.WriteAllText(path, "mine");
        }, overwrite: false));

        Assert.Equal("mine", File.ReadAllText(path));
        Assert.Equal(["out.json"], Directory.GetFiles(_root).Select(Path.GetFileName));
    }
}
