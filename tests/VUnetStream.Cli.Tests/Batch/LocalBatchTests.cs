using VUnetStream.Application;
using VUnetStream.Cli.Batch;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests.Batch;

/// <summary>`vunet batch` without a server: the jobs run in this process, one after another.</summary>
[Collection(BatchCollection.Name)]
public sealed class LocalBatchTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-batch-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TwoClipsAndACorruptFile_GiveTwoResultsAndOneFailedRow_ExitCode1_AndASecondRunOverwritesNothing()
    {
        string videos = Path.Combine(_dir, "videos");
        string outDir = Path.Combine(_dir, "out");
        (string photo, string keypoints, int frames) = await BatchFolder.WriteAsync(_dir, videos, clips: 2, corrupt: true);
        var settings = new BatchSettings
        {
            VideosSource = videos, PhotoPath = photo, PhotoKeypoints = keypoints, OutDir = outDir, Checkpoint = model.CheckpointPath, Threads = 1,
        };
        using var service = new TransferService();
        using var table = new StringWriter();
        using var progress = new StringWriter();

        (int code, IReadOnlyList<BatchRow> rows) = await BatchRun.RunAsync(settings, new LocalBatchBackend(service, settings), table, progress, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Equal(["a.mp4", "b.mp4", BatchFolder.CorruptName], rows.Select(r => r.Video).Order(StringComparer.Ordinal).ToArray());
        foreach (BatchRow row in rows.Where(r => r.Video != BatchFolder.CorruptName))
        {
            Assert.True(row.State == BatchState.Succeeded, $"{row}\n{table}");
            Assert.Equal(frames, row.Frames);
            Assert.True(row.Seconds > 0);
            Assert.True(new FileInfo(row.Output!).Length > 0, row.Output);
        }

        BatchRow broken = rows.Single(r => r.Video == BatchFolder.CorruptName);
        Assert.Equal(BatchState.Failed, broken.State);
        Assert.False(string.IsNullOrWhiteSpace(broken.Error));
        Assert.Null(broken.Output);
        Assert.Equal(["a.mp4", "b.mp4"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("2 of 3 videos succeeded", table.ToString(), StringComparison.Ordinal);
        Assert.Contains(broken.Error!, table.ToString(), StringComparison.Ordinal);
        Assert.Contains("videos 3/3", progress.ToString(), StringComparison.Ordinal);
        Assert.Contains("frames/s", progress.ToString(), StringComparison.Ordinal);

        // Again into the same folder, without --overwrite: every existing result is refused and kept.
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(outDir, "a.mp4"));
        using var again = new StringWriter();
        (int code2, IReadOnlyList<BatchRow> rows2) = await BatchRun.RunAsync(settings, new LocalBatchBackend(service, settings), again, progress, CancellationToken.None);

        Assert.Equal(1, code2);
        Assert.All(rows2, r => Assert.Equal(BatchState.Failed, r.State));
        Assert.Contains("already exists", rows2.Single(r => r.Video == "a.mp4").Error, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(outDir, "a.mp4")));
    }
}
