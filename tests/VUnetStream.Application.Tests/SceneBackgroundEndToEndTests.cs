using OpenCvSharp;
using VUnetStream.Application;
using VUnetStream.Encode;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Metrics;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pipeline.Tests;
using VUnetStream.Pose.Estimation;
using VUnetStream.Synth.Output;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Application.Tests;

/// <summary><c>--background photo</c> through the whole job: the photo's scene at the photo's aspect (needs ./scripts/setup.sh for BlazePose).</summary>
public sealed class SceneBackgroundEndToEndTests(TinyAlphaModelFixture model) : IClassFixture<TinyAlphaModelFixture>, IDisposable
{
    private static readonly Scalar Padding = new(40, 170, 60); // BGR green, found nowhere in a synthetic person

    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-e2e-scene-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TransferVideo_OnThePhotoBackground_WritesThePhotosSceneAtThePhotosAspect()
    {
        if (!BlazePoseModelFiles.IsInstalled(new PoseEstimatorOptions().Model))
        {
            Assert.Fail($"BlazePose is not installed in {BlazePoseModelFiles.DefaultDirectory}; run ./scripts/setup.sh");
        }

        string clipDir = Path.Combine(_dir, "clip");
        ClipResult clip = await ClipGenerator.WriteAsync(new ClipOptions { OutDir = clipDir, Seconds = 0.5, Size = 64, Fps = 10, Seed = 3 });
        // The target photo twice as wide: the person on the left, plain green on the right (the keypoints stay valid).
        string wide = Path.Combine(_dir, "wide.png");
        using (Mat person = Cv2.ImRead(Path.Combine(clipDir, ClipGenerator.PersonFile)))
        using (var photo = new Mat())
        {
            Cv2.CopyMakeBorder(person, photo, 0, 0, 0, person.Width, BorderTypes.Constant, Padding);
            Cv2.ImWrite(wide, photo);
        }

        TransferVideoRequest request = ClipJobRequests.For(clipDir, Path.Combine(_dir, "scene.mp4"), model.CheckpointPath) with
        {
            PhotoPath = wide,
            Background = RenderBackground.Photo,
            OutputHeight = 128,
        };
        var notices = new List<string>();
        using var metrics = new PipelineMetrics();
        using var service = new TransferService();

        JobSummary summary = await service.RunAsync(request, metrics,
            e => { if (e.Kind == TransferJobEventKind.Notice) { notices.Add(e.Message!); } });

        MediaInfo info = MediaProbe.Probe(request.OutputPath);
        Assert.Equal(256, info.Width);
        Assert.Equal(128, info.Height);
        Assert.Equal(clip.Frames, info.FrameCount);
        Assert.Equal(clip.Frames, summary.Frames);
        Assert.DoesNotContain(notices, n => n.Contains("no alpha", StringComparison.Ordinal));
        // The right half is the photo's green padding in every frame (the person stands on the left).
        List<double> distances = TestClips.ReadFrames(request.OutputPath, frame =>
        {
            using Mat right = frame[new Rect(150, 8, 100, 112)];
            Scalar mean = Cv2.Mean(right);
            return Math.Abs(mean.Val0 - Padding.Val0) + Math.Abs(mean.Val1 - Padding.Val1) + Math.Abs(mean.Val2 - Padding.Val2);
        });
        Assert.Equal(clip.Frames, distances.Count);
        Assert.All(distances, d => Assert.True(d < 15, $"the right half is {d:0} levels from the photo's green"));
    }
}
