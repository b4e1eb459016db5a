using VUnetStream.Synth.Output;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Tests;

public class BadInputTests
{
    [Theory]
    [InlineData(-64, 4, 25, "--size -64")]
    [InlineData(0, 4, 25, "--size 0")]
    [InlineData(255, 4, 25, "must be even")]
    [InlineData(128, 0, 25, "--seconds 0")]
    [InlineData(128, -1, 25, "--seconds -1")]
    [InlineData(128, 4, 0, "--fps 0")]
    [InlineData(128, 0.01, 10, "gives no frame")]
    public async Task Clip_WithBadParameters_FailsWithAClearMessage_AndWritesNothing(int size, double seconds, double fps, string expected)
    {
        using var dir = new TempDir();
        var options = new ClipOptions { OutDir = dir.Combine("clip"), Size = size, Seconds = seconds, Fps = fps };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ClipGenerator.WriteAsync(options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData(2, 3, 64, 0.2, "--people 2")]
    [InlineData(5, 1, 64, 0.2, "--poses 1")]
    [InlineData(5, 3, -8, 0.2, "--size -8")]
    [InlineData(5, 3, 16, 0.2, "--size 16")]
    [InlineData(5, 3, 64, 1.0, "--test-fraction 1")]
    [InlineData(5, 3, 64, 0, "--test-fraction 0")]
    public async Task Dataset_WithBadParameters_FailsWithAClearMessage_AndWritesNothing(int people, int poses, int size, double testFraction, string expected)
    {
        using var dir = new TempDir();
        var options = new DatasetOptions { OutDir = dir.Combine("ds"), People = people, Poses = poses, Size = size, TestFraction = testFraction };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DatasetGenerator.WriteAsync(options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void UnknownPatternName_FailsNamingTheValidNames()
    {
        var error = Assert.Throws<ArgumentException>(() => SynthNames.Parse<ShirtPattern>("zigzag", "shirt pattern"));

        Assert.Contains("unknown shirt pattern 'zigzag'", error.Message, StringComparison.Ordinal);
        Assert.Contains("plain, stripes, checks, dots, print", error.Message, StringComparison.Ordinal);
        Assert.Equal([ShirtPattern.Stripes, ShirtPattern.Checks], SynthNames.ParseList<ShirtPattern>("Stripes, checks", "shirt pattern"));
        Assert.Throws<ArgumentException>(() => SynthNames.ParseList<ShirtPattern>("plain,polka", "shirt pattern"));
    }

    [Fact]
    public async Task ExistingNonEmptyOutput_WithoutOverwrite_FailsAndKeepsTheFolder()
    {
        using var dir = new TempDir();
        string existing = dir.Combine("clip");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "keep.txt"), "mine");

        var error = await Assert.ThrowsAsync<IOException>(() => ClipGenerator.WriteAsync(new ClipOptions { OutDir = existing, Seconds = 0.2, Size = 64, Fps = 10 }));

        Assert.Contains("--overwrite", error.Message, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFiles(existing).Select(Path.GetFileName));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task UnwritableOutputFolder_FailsWithAClearMessage()
    {
        using var dir = new TempDir();
        string file = dir.Combine("a-file");
        File.WriteAllText(file, "x");

        var error = await Assert.ThrowsAsync<IOException>(() =>
            DatasetGenerator.WriteAsync(new DatasetOptions { OutDir = Path.Combine(file, "ds"), People = 3, Poses = 2, Size = 32 }));

        Assert.Contains("cannot write output folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledDataset_LeavesNoFolderThatLooksComplete()
    {
        using var dir = new TempDir();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfter(cancel, 1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DatasetGenerator.WriteAsync(new DatasetOptions { OutDir = dir.Combine("ds"), People = 4, Poses = 30, Size = 32 }, progress, cancel.Token));

        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    private sealed class CancelAfter(CancellationTokenSource source, int reports) : IProgress<string>
    {
        private int _seen;

        public void Report(string value)
        {
            if (++_seen >= reports)
            {
                source.Cancel();
            }
        }
    }
}
