using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// The registry of pose sources: which <see cref="IPoseSource"/> serves a path. Everything that takes
/// poses (the pipeline, the pose command, the evaluations) gets its source here, so a path means the same
/// to all of them.
/// </summary>
public static class PoseSources
{
    /// <summary>
    /// <list type="bullet">
    /// <item>a <c>.csv</c> file: benchmark annotations;</item>
    /// <item>a folder with <c>keypoints/*.json</c>: a synthetic clip's ground truth;</item>
    /// <item>a folder of <c>.json</c> files without images: OpenPose JSON;</item>
    /// <item>an image or a folder of images: the estimator, image by image;</item>
    /// <item>anything else (a video): the estimator, tracking.</item>
    /// </list>
    /// </summary>
    public static PoseSourceKind KindOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path) && string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return PoseSourceKind.BenchmarkCsv;
        }

        if (Directory.Exists(path))
        {
            if (IsClipFolder(path))
            {
                return PoseSourceKind.SyntheticClip;
            }

            return Directory.EnumerateFiles(path, "*.json").Any() && !Directory.EnumerateFiles(path).Any(FrameInput.IsImageFile)
                ? PoseSourceKind.KeypointFolder
                : PoseSourceKind.EstimatedImages;
        }

        return FrameInput.IsImageFile(path) ? PoseSourceKind.EstimatedImages : PoseSourceKind.EstimatedVideo;
    }

    /// <summary>
    /// The source for <paramref name="path"/> (see <see cref="KindOf"/>). An estimator does not read the
    /// path: it estimates the frames it is given (the caller decodes them, e.g. with <see cref="FrameInput"/>),
    /// with <paramref name="estimator"/>'s settings; for images also trying the whole frame, as photos need.
    /// </summary>
    public static IPoseSource Open(string path, PoseEstimatorOptions? estimator = null)
    {
        PoseSourceKind kind = KindOf(path);
        estimator ??= new PoseEstimatorOptions();
        return kind switch
        {
            PoseSourceKind.EstimatedVideo => new EstimatedPoseSource(estimator),
            PoseSourceKind.EstimatedImages => new EstimatedPoseSource(estimator with { WholeFrameFallback = true }, independentFrames: true),
            _ => OpenStored(path),
        };
    }

    /// <summary>
    /// Stored poses only: a benchmark CSV, a synthetic clip folder's ground truth, or else a folder of OpenPose
    /// JSON (which fails naming the path when it is not one). For inputs that must not silently fall back to
    /// estimating, such as transfer-video's <c>--keypoints</c>.
    /// </summary>
    public static StoredPoseSource OpenStored(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (KindOf(path) == PoseSourceKind.BenchmarkCsv)
        {
            return new BenchmarkCsvSource(path);
        }

        return new OpenPoseFolderSource(Directory.Exists(path) && IsClipFolder(path) ? Path.Combine(path, "keypoints") : path);
    }

    /// <summary>The estimator on frames that follow each other (a video), with a tracker of its own.</summary>
    public static IPoseSource Estimator(PoseEstimatorOptions estimator, bool independentFrames = false, EstimationTally? tally = null) =>
        new EstimatedPoseSource(estimator, independentFrames, tally);

    /// <summary>The estimator with a host's kept <paramref name="tracker"/> (reset here, not disposed with the source).</summary>
    public static IPoseSource Estimator(BlazePoseTracker tracker) => new EstimatedPoseSource(tracker, ownsTracker: false);

    // A synthetic clip folder holds its video beside keypoints/ (the ground truth, one file per frame).
    private static bool IsClipFolder(string folder)
    {
        string keypoints = Path.Combine(folder, "keypoints");
        return Directory.Exists(keypoints) && Directory.EnumerateFiles(keypoints, "*.json").Any();
    }
}
