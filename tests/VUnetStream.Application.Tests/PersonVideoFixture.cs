using VUnetStream.Application.PersonVideo;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;
using VUnetStream.Synth.Output;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Application.Tests;

/// <summary>
/// One short synthetic dance clip (one person: the clip's dancer), the tiny alpha model, that model personalised on the
/// first 70 % of the clip (in two sessions: --until, then --resume), and eval-video of the held-out 30 % with and
/// without the personalisation — shared by the tests of <c>personalize --video</c> and <c>eval-video</c> (BlazePose on
/// every frame is the slow part).
/// </summary>
public sealed class PersonVideoFixture : IDisposable
{
    public const double Holdout = 0.3;
    public const int Steps = 80;
    public const int ClipFrames = 30;

    /// <summary>The tiny model has had 2 training steps: 80 steps at the default 1e-4 would hardly move it.</summary>
    public const double Lr = 1e-3;

    public PersonVideoFixture()
    {
        Folder = Directory.CreateTempSubdirectory("vunet-person-video-").FullName;
        BaseModel = TinyModelFixture.Train(Path.Combine(Folder, "base"), alpha: true);
        ClipDir = Path.Combine(Folder, "clip");
        ClipGenerator.WriteAsync(new ClipOptions { OutDir = ClipDir, Seconds = ClipFrames / 10.0, Size = 256, Fps = 10, Seed = 3 }).GetAwaiter().GetResult();
        ModelDir = Path.Combine(Folder, "me");
        var request = new PersonalizeVideoRequest
        {
            VideoPath = Video, OutDir = ModelDir, From = BaseModel, Holdout = Holdout, Steps = Steps, Lr = Lr, Until = Steps / 2, Threads = 1, Estimator = Estimator,
        };
        FirstSession = VideoPersonalizer.Run(request, CancellationToken.None);
        Result = VideoPersonalizer.Run(request with { Resume = true, Until = null, From = null, Lr = null }, CancellationToken.None);
        SideBySide = Path.Combine(Folder, "sbs.mp4");
        Personalised = SelfReenactment.RunAsync(new EvalVideoRequest { VideoPath = Video, Checkpoint = ModelDir, SideBySide = SideBySide, Estimator = Estimator, Threads = 1 }).GetAwaiter().GetResult();
        Unpersonalised = SelfReenactment.RunAsync(new EvalVideoRequest { VideoPath = Video, Checkpoint = BaseModel, Holdout = Holdout, Estimator = Estimator, Threads = 1 }).GetAwaiter().GetResult();
    }

    /// <summary>Lite: the fastest BlazePose, enough for the synthetic dancer.</summary>
    public static PoseEstimatorOptions Estimator { get; } = new() { Model = BlazePoseModel.Lite };

    public string Folder { get; }

    public string BaseModel { get; }

    public string ClipDir { get; }

    public string Video => Path.Combine(ClipDir, ClipGenerator.VideoFile);

    public string ModelDir { get; }

    public PersonalizeVideoResult FirstSession { get; }

    public PersonalizeVideoResult Result { get; }

    public string SideBySide { get; }

    public MeasurementReport Personalised { get; }

    public MeasurementReport Unpersonalised { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
