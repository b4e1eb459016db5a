using VUnetStream.Cli.Batch;
using VUnetStream.Server;
using VUnetStream.Service;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests.Batch;

/// <summary>`vunet batch --server URL`: the jobs go to a running server (here one in this process, on 127.0.0.1) over its HTTP API.</summary>
[Collection(BatchCollection.Name)]
public sealed class ServerBatchTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-batch-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task OnAServerWithAKey_AClipIsDownloaded_AndACorruptFileFailsWithTheServersReason_ExitCode1()
    {
        string videos = Path.Combine(_dir, "videos");
        string outDir = Path.Combine(_dir, "out");
        (string photo, _, int frames) = await BatchFolder.WriteAsync(_dir, videos, clips: 1, corrupt: true);
        var options = new ServerOptions
        {
            Port = 0,
            ApiKey = "batch-key",
            Service = new ServiceOptions { DataDirectory = Path.Combine(_dir, "data"), Checkpoint = model.CheckpointPath, Threads = 1 },
        };
        using var stop = new CancellationTokenSource();
        var urlLine = new UrlWriter();
        Task serving = VUnetServer.RunAsync(options, urlLine, stop.Token);
        try
        {
            Uri url = await urlLine.Url.WaitAsync(TimeSpan.FromSeconds(60));
            var settings = new BatchSettings
            {
                VideosSource = videos, PhotoPath = photo, OutDir = outDir, Server = url, ApiKey = "batch-key", PollInterval = TimeSpan.FromMilliseconds(100),
            };
            using HttpClient http = ServerBatchBackend.Client(url, settings.ApiKey);
            using var table = new StringWriter();

            (int code, IReadOnlyList<BatchRow> rows) = await BatchRun.RunAsync(settings, new ServerBatchBackend(http, settings), table, TextWriter.Null, CancellationToken.None);

            Assert.Equal(1, code);
            BatchRow clip = rows.Single(r => r.Video == "a.mp4");
            Assert.True(clip.State == BatchState.Succeeded, $"{clip}\n{table}");
            Assert.Equal(frames, clip.Frames);
            Assert.Equal(Path.Combine(outDir, "a.mp4"), clip.Output);
            byte[] result = await File.ReadAllBytesAsync(clip.Output!);
            Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(result, 4, 4));

            BatchRow broken = rows.Single(r => r.Video == BatchFolder.CorruptName);
            Assert.Equal(BatchState.Failed, broken.State);
            Assert.Contains("refused it (400)", broken.Error, StringComparison.Ordinal);
            Assert.Equal(["a.mp4"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)).ToArray());
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
        }
    }

    [Fact]
    public async Task OnAServerWithAKey_AWrongKeyFailsEveryRowWith401()
    {
        string videos = Path.Combine(_dir, "videos");
        (string photo, _, _) = await BatchFolder.WriteAsync(_dir, videos, clips: 1, corrupt: false);
        var options = new ServerOptions
        {
            Port = 0,
            ApiKey = "right",
            Service = new ServiceOptions { DataDirectory = Path.Combine(_dir, "data"), Checkpoint = model.CheckpointPath, Threads = 1 },
        };
        using var stop = new CancellationTokenSource();
        var urlLine = new UrlWriter();
        Task serving = VUnetServer.RunAsync(options, urlLine, stop.Token);
        try
        {
            Uri url = await urlLine.Url.WaitAsync(TimeSpan.FromSeconds(60));
            var settings = new BatchSettings { VideosSource = videos, PhotoPath = photo, OutDir = Path.Combine(_dir, "out"), Server = url, ApiKey = "wrong" };
            using HttpClient http = ServerBatchBackend.Client(url, settings.ApiKey);

            (int code, IReadOnlyList<BatchRow> rows) = await BatchRun.RunAsync(settings, new ServerBatchBackend(http, settings), TextWriter.Null, TextWriter.Null, CancellationToken.None);

            Assert.Equal(1, code);
            Assert.Contains("(401)", Assert.Single(rows).Error, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await serving;
        }
    }

    /// <summary>The server's standard output: its first line is the URL it listens on.</summary>
    private sealed class UrlWriter : StringWriter
    {
        private readonly TaskCompletionSource<Uri> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Uri> Url => _url.Task;

        public override Task WriteLineAsync(string? value)
        {
            _url.TrySetResult(new Uri(value!));
            return base.WriteLineAsync(value);
        }
    }
}
