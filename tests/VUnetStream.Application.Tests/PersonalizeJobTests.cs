using VUnetStream.Tests.Shared;
using VUnetStream.Application;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Synth.Output;

namespace VUnetStream.Application.Tests;

/// <summary>Jobs with test-time personalisation (<see cref="TransferVideoRequest.Personalize"/>).</summary>
public sealed class PersonalizeJobTests(TinyModelFixture model) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-personalize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AJobWithPersonalize_TrainsItsOwnCopyStepByStep_ThenRenders_AndReportsTheTime()
    {
        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.3, Size = 256, Fps = 10, Seed = 3 });
        using var service = new TransferService();
        var events = new List<TransferJobEvent>();
        using var metrics = new PipelineMetrics();
        TransferVideoRequest request = ClipJobRequests.For(clipDir, Path.Combine(_dir, "out.mp4"), model.CheckpointPath) with { Personalize = 3 };

        JobSummary summary = await service.RunAsync(request, metrics, events.Add);

        Assert.Equal(clip.Frames, summary.Frames);
        Assert.Equal(3, summary.PersonalizeSteps);
        Assert.True(summary.PersonalizeDuration > TimeSpan.Zero);
        Assert.Equal(3.0, summary.ToReport().ToJson()["personalize_steps"]!.GetValue<double>());
        // The personalised copy is the job's own: nothing was loaded into (or taken from) the shared model cache.
        Assert.Equal(0, service.ModelLoads);
        int[] steps = [.. events.Where(e => e.Kind == TransferJobEventKind.Personalizing).Select(e => e.StepsDone)];
        Assert.Equal([0, 1, 2, 3], steps);
        Assert.All(events.Where(e => e.Kind == TransferJobEventKind.Personalizing), e => Assert.Equal(3, e.StepsTotal));
        int lastStep = events.FindLastIndex(e => e.Kind == TransferJobEventKind.Personalizing);
        Assert.True(lastStep < events.FindIndex(e => e.Kind == TransferJobEventKind.Progress), "personalisation must finish before the first frame");
        Assert.Contains(events, e => e.Kind == TransferJobEventKind.Notice && e.Message!.StartsWith("personalised the model on the photo: 3 steps in", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void OutOfRangeSteps_AreRefusedBeforeAnyWork(int steps)
    {
        string video = Path.Combine(_dir, "v.mp4"), photo = Path.Combine(_dir, "p.png");
        File.WriteAllText(video, "");
        File.WriteAllText(photo, "");
        var request = new TransferVideoRequest { VideoPath = video, PhotoPath = photo, OutputPath = Path.Combine(_dir, "o.mp4"), Personalize = steps };
        var error = Assert.Throws<ArgumentException>(() => TransferRequestChecks.Validate(request));
        Assert.Contains("--personalize must be between 0 (off) and 1000", error.Message, StringComparison.Ordinal);
    }
}
