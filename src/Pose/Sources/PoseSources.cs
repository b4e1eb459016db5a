using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;

namespace VUnetStream.Pose.Sources;

/// <summary>Opens the right pose source for a path.</summary>
public static class PoseSources
{
    /// <summary>
    /// <list type="bullet">
    /// <item>a <c>.csv</c> file: benchmark annotations;</item>
    /// <item>a folder of <c>.json</c> files, or a synthetic clip folder with <c>keypoints/</c>: OpenPose JSON;</item>
    /// <item>a video, an image or a folder of images: the BlazePose estimator.</item>
    /// </list>
    /// </summary>
    public static IPoseSource Open(string path, PoseEstimatorOptions? estimator = null, double fps = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path) && string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new BenchmarkCsvSource(path);
        }

        if (Directory.Exists(path))
        {
            string keypoints = Path.Combine(path, "keypoints");
            if (Directory.Exists(keypoints) && Directory.EnumerateFiles(keypoints, "*.json").Any())
            {
                return new OpenPoseFolderSource(keypoints, fps > 0 ? fps : ClipFps(path));
            }

            if (Directory.EnumerateFiles(path, "*.json").Any() && !Directory.EnumerateFiles(path).Any(FrameInput.IsImageFile))
            {
                return new OpenPoseFolderSource(path, fps);
            }
        }

        return new EstimatedPoseSource(path, estimator);
    }

    /// <summary>
    /// The dancer's poses for the streaming pipeline, frame by frame: read from
    /// <paramref name="keypointFolder"/> (OpenPose JSON per frame) when one is given, else estimated by
    /// BlazePose with <paramref name="tracker"/> (a host's kept tracker, not disposed with the source) or,
    /// without one, a tracker of its own for <paramref name="estimator"/>.
    /// </summary>
    public static IFramePoseProvider ForFrames(string? keypointFolder, PoseEstimatorOptions estimator, BlazePoseTracker? tracker = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (keypointFolder is not null)
        {
            return new KeypointFileFramePoses(keypointFolder);
        }

        return tracker is null ? new EstimatedFramePoses(estimator) : new EstimatedFramePoses(tracker, ownsTracker: false);
    }

    // A synthetic clip folder holds its video beside the keypoints; its rate is the clip's rate.
    private static double ClipFps(string folder)
    {
        string? video = Directory.EnumerateFiles(folder, "*.mp4").FirstOrDefault();
        if (video is null)
        {
            return 0;
        }

        using var capture = new OpenCvSharp.VideoCapture(video);
        return capture.IsOpened() ? capture.Fps : 0;
    }
}
