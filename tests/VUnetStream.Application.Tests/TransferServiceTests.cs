using VUnetStream.Tests.Shared;
using VUnetStream.Application;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Synth.Output;

namespace VUnetStream.Application.Tests;

/// <summary>The application's job service: what a host that serves many jobs relies on.</summary>
public sealed class TransferServiceTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-service-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TwoJobsThroughOneService_LoadTheModelOnceAndEachTellsItsLifeCycle()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 3 });
        using var service = new TransferService();
        var events = new List<TransferJobEvent>();

        foreach (string name in new[] { "first.mp4", "second.mp4" })
        {
            using var metrics = new PipelineMetrics();
            JobSummary summary = await service.RunAsync(ClipJobRequests.For(clipDir, Path.Combine(_dir, name), model.CheckpointPath), metrics, events.Add);
            Assert.Equal(clip.Frames, summary.Frames);
            Assert.True(File.Exists(Path.Combine(_dir, name)));
        }

        Assert.Equal(1, service.ModelLoads);
        long[] jobs = events.Select(e => e.JobId).Distinct().ToArray();
        Assert.Equal(2, jobs.Length);
        foreach (long job in jobs)
        {
            TransferJobEvent[] mine = events.Where(e => e.JobId == job).ToArray();
            Assert.Equal(TransferJobEventKind.Started, mine[0].Kind);
            Assert.Equal(TransferJobEventKind.Completed, mine[^1].Kind);
            Assert.Equal(clip.Frames, mine[^1].Summary!.Frames);
            Assert.Equal(clip.Frames, mine.Last(e => e.Kind == TransferJobEventKind.Progress).FramesDone);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TwoJobsSubmittedTogether_OverlapExactlyWhenTheServiceHasTwoSlots_EachWithItsOwnModel(int slots)
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 1, Size = 64, Fps = 10, Seed = 3 });
        using var service = new TransferService(slots);
        var events = new System.Collections.Concurrent.ConcurrentQueue<TransferJobEvent>();

        Task<JobSummary>[] jobs = [.. new[] { "a.mp4", "b.mp4" }.Select(name => Task.Run(async () =>
        {
            using var metrics = new PipelineMetrics();
            return await service.RunAsync(ClipJobRequests.For(clipDir, Path.Combine(_dir, name), model.CheckpointPath), metrics, events.Enqueue);
        }))];
        JobSummary[] summaries = await Task.WhenAll(jobs);

        Assert.All(summaries, s => Assert.Equal(clip.Frames, s.Frames));
        TransferJobEvent[] ordered = [.. events];
        int secondStart = Array.FindIndex(ordered, e => e.Kind == TransferJobEventKind.Started && e.JobId != ordered[0].JobId);
        int firstEnd = Array.FindIndex(ordered, e => e.Kind == TransferJobEventKind.Completed);
        if (slots == 2)
        {
            Assert.True(secondStart < firstEnd, "with two slots the second job waited for the first");
            Assert.Equal(2, service.ModelLoads);
        }
        else
        {
            Assert.True(secondStart > firstEnd, "with one slot the jobs overlapped");
            Assert.Equal(1, service.ModelLoads);
        }
    }

    [Fact]
    public async Task AJobThatFails_TellsWhyAndTheServiceRunsTheNextOne()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 3 });
        using var service = new TransferService();
        var events = new List<TransferJobEvent>();
        TransferVideoRequest good = ClipJobRequests.For(clipDir, Path.Combine(_dir, "good.mp4"), model.CheckpointPath);

        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            service.RunAsync(good with { PhotoPath = Path.Combine(_dir, "missing.png") }, new PipelineMetrics(), events.Add));
        JobSummary summary = await service.RunAsync(good, new PipelineMetrics(), events.Add);

        TransferJobEvent failed = Assert.Single(events, e => e.Kind == TransferJobEventKind.Failed);
        Assert.Contains("missing.png", failed.Message, StringComparison.Ordinal);
        Assert.Equal(clip.Frames, summary.Frames);
        Assert.Equal(TransferJobEventKind.Completed, events[^1].Kind);
    }

    [Fact]
    public async Task AJobWithAPreviewPort_ServesItAndSaysWhereWhileTheVideoIsWrittenAsUsual()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 3 });
        using var service = new TransferService();
        var events = new List<TransferJobEvent>();
        TransferVideoRequest request = ClipJobRequests.For(clipDir, Path.Combine(_dir, "served.mp4"), model.CheckpointPath) with { PreviewPort = 0 };

        JobSummary summary = await service.RunAsync(request, new PipelineMetrics(), events.Add);

        Assert.Contains(events, e => e.Kind == TransferJobEventKind.Notice && e.Message!.StartsWith("watch the output while it renders: http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Equal(clip.Frames, summary.Frames);
        Assert.True(File.Exists(request.OutputPath));
    }
}
