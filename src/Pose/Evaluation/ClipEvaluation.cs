using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Pose.Evaluation;

/// <summary>
/// Runs the estimator over a clip and measures jitter raw and after each filter; when the clip has
/// ground truth (a folder from <c>vunet synth clip</c>: a video plus <c>keypoints/*.json</c>) also the
/// accuracy of each variant against it.
/// </summary>
public static class ClipEvaluation
{
    public sealed record Variant(string Name, IReadOnlyList<PersonPose> Poses, JitterResult Jitter, KeypointAccuracy? Accuracy);

    public sealed record Result(string Video, string? Truth, double Fps, int Frames, int FramesWithPerson, JitterResult? TruthJitter, IReadOnlyList<Variant> Variants);

    /// <summary>The video to estimate and, for a synthetic clip folder, its ground-truth keypoint folder.</summary>
    public static (string Video, string? Truth) Locate(string clip)
    {
        if (File.Exists(clip))
        {
            return (clip, null);
        }

        if (!Directory.Exists(clip))
        {
            throw new FileNotFoundException($"clip '{clip}' not found (give a video or a folder from 'vunet synth clip')", clip);
        }

        string[] videos = Directory.EnumerateFiles(clip, "*.mp4").Order(StringComparer.Ordinal).ToArray();
        string? video = videos.FirstOrDefault(v => Path.GetFileName(v) == "dancer.mp4") ?? videos.FirstOrDefault();
        string truth = Path.Combine(clip, "keypoints");
        if (video is null)
        {
            throw new FileNotFoundException($"clip folder '{clip}' has no .mp4 video");
        }

        return (video, Directory.Exists(truth) ? truth : null);
    }

    /// <summary>
    /// Estimates every frame of the clip raw and filtered. A video that ends before its announced frame count
    /// fails, as everywhere else, unless <paramref name="allowPartial"/> (then the frames that decode are measured).
    /// </summary>
    public static Result Run(string clip, PoseEstimatorOptions options, TemporalFilterOptions filter, Action? onFrame = null,
        bool allowPartial = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(filter);
        (string videoPath, string? truthPath) = Locate(clip);
        using FrameInput video = FrameInput.Open(videoPath, allowPartial);
        if (video.Kind != FrameInputKind.Video)
        {
            throw new InvalidDataException($"'{videoPath}' is an image, not a video; jitter needs a clip");
        }

        var raw = new List<PoseFrame>();
        var tally = new EstimationTally();
        foreach ((DecodedFrame frame, PersonPose pose) in FramePoseRunner.Run(
                     video.Read(cancellationToken), () => PoseSources.Estimator(options, tally: tally), cancellationToken: cancellationToken))
        {
            using (frame)
            {
                raw.Add(new PoseFrame(frame.Index, frame.Name, pose));
            }

            onFrame?.Invoke();
        }

        int withPerson = tally.FramesWithPerson;
        PersonPose[]? truth = null;
        if (truthPath is not null)
        {
            using StoredPoseSource source = PoseSources.OpenStored(truthPath);
            truth = source.ReadPoses(cancellationToken).Select(f => f.Pose).ToArray();
        }

        var variants = new List<Variant>
        {
            Measure("raw", raw.Select(f => f.Pose).ToArray(), truth),
            Measure("gaps_only", Filter(raw, filter with { Smoothing = SmoothingKind.None }, video.Fps), truth),
            Measure("one_euro", Filter(raw, filter with { Smoothing = SmoothingKind.OneEuro }, video.Fps), truth),
            Measure("median", Filter(raw, filter with { Smoothing = SmoothingKind.Median }, video.Fps), truth),
        };
        return new Result(videoPath, truthPath, video.Fps, raw.Count, withPerson, truth is null ? null : Jitter.Measure(truth), variants);
    }

    private static PersonPose[] Filter(IReadOnlyList<PoseFrame> raw, TemporalFilterOptions options, double fps) =>
        TemporalPoseFilter.Apply(raw, options, fps).Select(f => f.Pose).ToArray();

    private static Variant Measure(string name, PersonPose[] poses, PersonPose[]? truth)
    {
        KeypointAccuracy? accuracy = null;
        if (truth is not null)
        {
            accuracy = new KeypointAccuracy();
            for (int i = 0; i < Math.Min(truth.Length, poses.Length); i++)
            {
                accuracy.Add(truth[i], poses[i]);
            }
        }

        return new Variant(name, poses, Jitter.Measure(poses), accuracy);
    }
}
