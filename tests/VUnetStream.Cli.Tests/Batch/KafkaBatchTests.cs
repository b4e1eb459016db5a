using VUnetStream.Cli.Batch;
using VUnetStream.Messaging;
using VUnetStream.Messaging.Mock;
using VUnetStream.Messaging.Worker;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests.Batch;

/// <summary>`vunet batch --kafka BOOTSTRAP --media-root DIR`: jobs published to a mock cluster, run by a worker in this process.</summary>
[Collection(BatchCollection.Name)]
public sealed class KafkaBatchTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-batch-kafka-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ThroughKafka_AClipsResultIsCopiedOut_ACorruptVideoFailsWithTheWorkersError_ExitCode1_AndTheMediaRootIsLeftClean()
    {
        string videos = Path.Combine(_dir, "videos");
        string outDir = Path.Combine(_dir, "out");
        string media = Directory.CreateDirectory(Path.Combine(_dir, "media")).FullName;
        (string photo, _, int frames) = await BatchFolder.WriteAsync(_dir, videos, clips: 1, corrupt: true);
        using MockCluster cluster = MockCluster.Start(brokers: 1, partitions: 2);

        // One attempt: the corrupt video goes to the dead-letter topic at once instead of after three tries.
        var kafka = new KafkaOptions { BootstrapServers = cluster.BootstrapServers, MaxAttempts = 1 };
        using var stop = new CancellationTokenSource();
        Task worker = VUnetWorker.RunAsync(new WorkerOptions { Kafka = kafka, MediaRoot = media, Checkpoint = model.CheckpointPath, Threads = 1, Name = "w" }, TextWriter.Null, stop.Token);
        try
        {
            var settings = new BatchSettings { VideosSource = videos, PhotoPath = photo, OutDir = outDir };
            using var table = new StringWriter();

            (int code, IReadOnlyList<BatchRow> rows) = await BatchRun.RunAsync(settings, new KafkaBatchBackend(kafka, media, settings), table, TextWriter.Null, CancellationToken.None)
                .WaitAsync(TimeSpan.FromMinutes(5));

            Assert.Equal(1, code);
            BatchRow clip = rows.Single(r => r.Video == "a.mp4");
            Assert.True(clip.State == BatchState.Succeeded, $"{clip}\n{table}");
            Assert.Equal(frames, clip.Frames);
            Assert.Equal(Path.Combine(outDir, "a.mp4"), clip.Output);
            byte[] result = await File.ReadAllBytesAsync(clip.Output!);
            Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(result, 4, 4));

            BatchRow broken = rows.Single(r => r.Video == BatchFolder.CorruptName);
            Assert.Equal(BatchState.Failed, broken.State);
            Assert.False(string.IsNullOrWhiteSpace(broken.Error));
            Assert.DoesNotContain(media, broken.Error, StringComparison.Ordinal);
            Assert.Equal(["a.mp4"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)).ToArray());
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(media, "batch")));
        }
        finally
        {
            await stop.CancelAsync();
            await worker.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public void KafkaWithoutAMediaRoot_IsRefusedWithExitCode2_NamingTheOption()
    {
        string videos = Directory.CreateDirectory(Path.Combine(_dir, "v")).FullName;
        File.WriteAllBytes(Path.Combine(_dir, "p.png"), [1]);

        (int code, _, string stderr) = VunetProcess.Run(_dir, "batch", "--videos", videos, "--photo", "p.png", "--kafka", "127.0.0.1:9");

        Assert.Equal(2, code);
        Assert.Contains("--media-root", stderr, StringComparison.Ordinal);
    }
}
