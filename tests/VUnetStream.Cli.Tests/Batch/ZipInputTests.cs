using System.IO.Compression;
using VUnetStream.Cli.Batch;

namespace VUnetStream.Cli.Tests.Batch;

/// <summary>A zip of videos as batch input: extracted to a temporary folder of the batch's own, entries checked first.</summary>
public sealed class ZipInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-batch-zip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("../escape.mp4")]
    [InlineData("dances/../../escape.mp4")]
    [InlineData("/tmp/escape.mp4")]
    [InlineData("..\\escape.mp4")]
    public void AZipWithAnEntryThatClimbsOut_IsRefusedWhole_AndNothingIsWritten(string evil)
    {
        string zip = Zip(("fine.mp4", "x"u8.ToArray()), (evil, "y"u8.ToArray()));
        int tempsBefore = TempFolders();

        var ex = Assert.Throws<InvalidDataException>(() => BatchInputs.Open(zip));

        Assert.Contains(evil, ex.Message, StringComparison.Ordinal);
        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "escape.mp4")));
        Assert.False(File.Exists(Path.Combine(_dir, "escape.mp4")));
        Assert.Equal(tempsBefore, TempFolders());
    }

    [Fact]
    public void AZipOfVideos_IsExtractedInNameOrder_SkippingOtherFiles_AndItsFolderIsRemovedWithTheInputs()
    {
        string zip = Zip(("b.mp4", "b"u8.ToArray()), ("readme.txt", "r"u8.ToArray()), ("set/a.MOV", "a"u8.ToArray()));
        string extracted;

        using (BatchInputs inputs = BatchInputs.Open(zip))
        {
            Assert.Equal(["b.mp4", "set/a.MOV"], inputs.Videos.Select(v => v.Name).ToArray());
            Assert.Equal("a", File.ReadAllText(inputs.Videos[1].Path));
            extracted = Path.GetDirectoryName(inputs.Videos[0].Path)!;
            Assert.StartsWith(Path.GetTempPath(), extracted, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(extracted));
    }

    [Fact]
    public void AFolderWithoutVideos_IsRefusedWithItsName()
    {
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "");

        var ex = Assert.Throws<InvalidDataException>(() => BatchInputs.Open(_dir));

        Assert.Contains("no video files", ex.Message, StringComparison.Ordinal);
    }

    private string Zip(params (string Name, byte[] Bytes)[] entries)
    {
        string path = Path.Combine(_dir, $"videos-{Guid.NewGuid():N}.zip");
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach ((string name, byte[] bytes) in entries)
        {
            using Stream s = zip.CreateEntry(name).Open();
            s.Write(bytes);
        }

        return path;
    }

    private static int TempFolders() => Directory.GetDirectories(Path.GetTempPath(), "vunet-batch-*").Count(d => !d.Contains("-test-", StringComparison.Ordinal) && !d.Contains("-zip-", StringComparison.Ordinal));
}
