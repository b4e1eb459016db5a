namespace VUnetStream.Pose.Sources;

/// <summary>What a path holds, as far as poses go (see <see cref="PoseSources.KindOf"/>).</summary>
public enum PoseSourceKind
{
    /// <summary>A pose-transfer benchmark annotation file (<c>.csv</c>): one stored pose per image.</summary>
    BenchmarkCsv,

    /// <summary>A folder of OpenPose per-frame <c>.json</c> files (and no images).</summary>
    KeypointFolder,

    /// <summary>A <c>vunet synth clip</c> folder: its ground truth in <c>keypoints/</c>.</summary>
    SyntheticClip,

    /// <summary>A video: estimated by BlazePose, tracked from frame to frame.</summary>
    EstimatedVideo,

    /// <summary>An image or a folder of images: estimated by BlazePose, each image on its own.</summary>
    EstimatedImages,
}
