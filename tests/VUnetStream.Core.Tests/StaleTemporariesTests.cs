using System.Globalization;
using VUnetStream.Core.IO;

namespace VUnetStream.Core.Tests;

/// <summary>Temporaries left by killed runs are removed by the next run into the folder; everything else stays.</summary>
public sealed class StaleTemporariesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vunet-stale-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void RemoveFor_TemporariesOfThisOutputFromADeadProcess_AreRemovedAndEverythingElseKept()
    {
        string dead = DeadPid().ToString(CultureInfo.InvariantCulture);
        string deadVideo = Touch($".out.partial-{dead}.mp4");
        string ours = Touch($".out.partial-{Environment.ProcessId}.mp4");
        string init = Touch(".out.partial-1.mp4");
        string otherOutput = Touch($".other.partial-{dead}.mp4");
        string hiddenUserFile = Touch(".out.partial-draft.mp4");
        string plain = Touch("out.mp4");

        IReadOnlyList<string> removed = StaleTemporaries.RemoveFor(Path.Combine(_root, "out.mp4"));

        Assert.Equal([deadVideo], removed);
        Assert.All(new[] { ours, init, otherOutput, hiddenUserFile, plain }, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public void RemoveFor_AFolderOutput_RemovesTheStagingAndReplacedFoldersOfDeadRuns()
    {
        string dead = DeadPid().ToString(CultureInfo.InvariantCulture);
        string staging = Path.Combine(_root, $".kp.partial-{dead}"), replaced = Path.Combine(_root, $".kp.replaced-{dead}");
        Directory.CreateDirectory(staging);
        Directory.CreateDirectory(replaced);
        File.WriteAllText(Path.Combine(staging, "000000.json"), "{}");

        StaleTemporaries.RemoveFor(Path.Combine(_root, "kp"));

        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void StagedDirectoryBegin_WithATemporaryOfADeadRunBeside_RemovesIt()
    {
        string stale = Path.Combine(_root, $".dataset.partial-{DeadPid().ToString(CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(stale);

        using (StagedDirectory.Begin(Path.Combine(_root, "dataset")))
        {
            Assert.False(Directory.Exists(stale));
        }
    }

    /// <summary>A process id above the kernel's maximum: no process can have it.</summary>
    private static int DeadPid() => int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture) + 1;

    private string Touch(string name)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, "x");
        return path;
    }
}
