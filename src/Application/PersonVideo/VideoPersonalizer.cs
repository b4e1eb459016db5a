using System.Globalization;
using VUnetStream.Core.IO;
using VUnetStream.Core.Reporting;
using VUnetStream.Ingest;
using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Personalization;
using VUnetStream.Render.Training;

namespace VUnetStream.Application.PersonVideo;

/// <summary>
/// <c>vunet personalize --video</c>: learns one person from a video of them, as Everybody Dance Now learns its target
/// from their own footage. The training part of the video becomes a dataset in the model folder
/// (<see cref="PersonVideoDataset"/>, <c>MODEL_DIR/data</c>), and the normal <see cref="Trainer"/> fine-tunes the
/// starting checkpoint on it (<see cref="VideoFineTuning"/>) with MODEL_DIR as its output folder: progress, checkpoints,
/// <c>loss.jsonl</c>, Ctrl-C saving and <c>--resume</c>/<c>--until</c> are the trainer's own, and MODEL_DIR is a
/// training output folder that every <c>--checkpoint</c> accepts. <c>personalize.json</c> records the video and the
/// split for <c>eval-video</c>. A fresh run builds everything under a temporary name and renames it into place when the
/// run ends (finished, stopped by <c>--until</c>, or interrupted after its checkpoint was saved); a failure leaves nothing.
/// Runs on the calling thread (use a dedicated one: TorchSharp scopes are per thread).
/// </summary>
public static class VideoPersonalizer
{
    /// <summary>Dataset frames smaller than this cannot hold a person a model can read; larger than this is a waste of disk.</summary>
    public const int MinImageSize = 32, MaxImageSize = 1024;

    public static PersonalizeVideoResult Run(PersonalizeVideoRequest request, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(request);
        UsableFrame.CheckMinJoints(request.MinJoints);
        if (request.Until is < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--until must be at least 1, got {request.Until}"));
        }

        if (request.Holdout is double holdout && !(holdout >= 0 && holdout < 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--holdout must be a fraction of the video in [0, 1), got {holdout}"));
        }

        if (request.Steps is < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--steps must be at least 1, got {request.Steps}"));
        }

        return request.Resume ? Continue(request, stop) : Start(request, stop);
    }

    private static PersonalizeVideoResult Start(PersonalizeVideoRequest request, CancellationToken stop)
    {
        Checkpoint from = ModelLoader.Resolve(request.From);
        TrainingConfig config = new VideoFineTuning { Steps = request.Steps ?? VideoFineTuning.DefaultSteps, Lr = request.Lr ?? VideoFineTuning.DefaultLr }.ConfigFor(from);
        int size = request.ImageSize ?? from.Config.Model.ImageSize;
        if (size is < MinImageSize or > MaxImageSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--size must be between {MinImageSize} and {MaxImageSize} px, got {size}"));
        }

        var options = new PersonVideoDatasetOptions { ImageSize = size, MinJoints = request.MinJoints, MinPoseChange = request.MinPoseChange, Estimator = request.Estimator };
        (VideoIdentity video, PersonVideoSplit split) = Inspect(request.VideoPath, request.Holdout ?? 0, options.MaxInputSide, stop);

        using StagedDirectory staged = StagedDirectory.Begin(request.OutDir, request.Overwrite);
        Message(request, string.Create(CultureInfo.InvariantCulture,
            $"personalize: {split.HoldoutStart} of {split.Frames} frames to learn from{(split.HoldoutFrames > 0 ? $", the last {split.HoldoutFrames} held out" : "")}; poses and masks first"));
        ConsoleProgress? bar = request.Progress is null ? null : new ConsoleProgress("frames", split.HoldoutStart, request.InteractiveProgress ? null : request.Progress);
        PersonVideoFrames frames;
        try
        {
            frames = PersonVideoDataset.Write(request.VideoPath, split, Path.Combine(staged.StagingPath, PersonVideoDataset.Folder), options, bar is null ? null : new Action<int>(bar.Report), stop);
        }
        finally
        {
            bar?.Finish();
        }

        var manifest = new PersonalizeManifest
        {
            Video = video,
            Split = split,
            Frames = frames,
            MinJoints = request.MinJoints,
            MinPoseChange = request.MinPoseChange,
            ImageSize = size,
            FromCheckpoint = from.Directory,
            FromStep = from.Step,
        };
        manifest.Write(staged.StagingPath, request.Provenance);
        Message(request, string.Create(CultureInfo.InvariantCulture,
            $"frames: {frames.Kept} kept of {frames.Read} ({frames.WithoutPerson} without a person, {frames.Unusable} unusable, {frames.NearDuplicates} near-duplicate poses) in {frames.Seconds:0} s"));

        TrainResult result = new Trainer().Run(new TrainRequest
        {
            DataPath = Path.Combine(staged.StagingPath, PersonVideoDataset.Folder),
            OutDir = staged.StagingPath,
            Config = config,
            StartFrom = from,
            StopAtStep = request.Until,
            Threads = request.Threads,
            Progress = request.Progress,
            InteractiveProgress = request.InteractiveProgress,
        }, stop);

        // Also after an interruption: the trainer saved a checkpoint, and --resume continues from the committed folder.
        staged.Commit();
        return new PersonalizeVideoResult(staged.FinalPath, result.Step, result.TotalSteps, result.Interrupted,
            result.LastCheckpoint is null ? null : Checkpoint.Read(Path.Combine(staged.FinalPath, Path.GetRelativePath(staged.StagingPath, result.LastCheckpoint.Directory))),
            manifest);
    }

    private static PersonalizeVideoResult Continue(PersonalizeVideoRequest request, CancellationToken stop)
    {
        string outDir = Path.GetFullPath(request.OutDir);
        PersonalizeManifest manifest = PersonalizeManifest.Read(outDir)
            ?? throw new InvalidOperationException($"{request.OutDir}: not a model folder made by vunet personalize ({PersonalizeManifest.FileName} missing); --resume continues such a run");
        if (request.Holdout is double holdout && Math.Abs(holdout - manifest.Split.Holdout) > 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--holdout {holdout} differs from the run's own ({manifest.Split.Holdout}); a resumed run keeps its frames"));
        }

        if (request.Lr is not null)
        {
            throw new ArgumentException("--lr cannot change on --resume: the run continues with its own schedule");
        }

        if (request.ImageSize is int size && size != manifest.ImageSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--size {size} differs from the run's own ({manifest.ImageSize}); a resumed run keeps its frames"));
        }

        if (request.From is not null && !string.Equals(ModelLoader.Resolve(request.From).Directory, manifest.FromCheckpoint, StringComparison.Ordinal))
        {
            throw new ArgumentException($"--from {request.From} is not the checkpoint this run started from ({manifest.FromCheckpoint}); a resumed run continues its own weights");
        }

        (VideoIdentity video, _) = Inspect(request.VideoPath, manifest.Split.Holdout, new PersonVideoDatasetOptions { ImageSize = manifest.ImageSize }.MaxInputSide, stop);
        if (manifest.Video.Mismatch(video) is string why)
        {
            throw new InvalidDataException($"--video is not the video this run learns from: {why}");
        }

        TrainResult result = new Trainer().Run(new TrainRequest
        {
            DataPath = Path.Combine(outDir, PersonVideoDataset.Folder),
            OutDir = outDir,
            Resume = true,
            TotalSteps = request.Steps,
            StopAtStep = request.Until,
            Threads = request.Threads,
            Progress = request.Progress,
            InteractiveProgress = request.InteractiveProgress,
        }, stop);
        return new PersonalizeVideoResult(outDir, result.Step, result.TotalSteps, result.Interrupted, result.LastCheckpoint, manifest);
    }

    /// <summary>The video's identity and its split; fails with a clear message when it cannot be read.</summary>
    internal static (VideoIdentity Video, PersonVideoSplit Split) Inspect(string videoPath, double holdout, int maxSide, CancellationToken cancellationToken)
    {
        using VideoSource source = VideoSource.Open(videoPath, maxSide);
        int frames = VideoFrameCount.Of(videoPath, source, maxSide, cancellationToken);
        return (VideoIdentity.Of(videoPath, source.Info, frames), PersonVideoSplit.Of(frames, holdout, needHoldout: false));
    }

    private static void Message(PersonalizeVideoRequest request, string text)
    {
        request.Progress?.WriteLine(text);
        request.Progress?.Flush();
    }
}
