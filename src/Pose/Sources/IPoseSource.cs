namespace VUnetStream.Pose.Sources;

/// <summary>
/// Anything that yields one pose per frame, in frame order: the estimator on a video or images,
/// OpenPose JSON files (COCO-18 or BODY_25, including the synthetic generator's ground truth),
/// or a benchmark CSV. Stages downstream read poses only through this, so they do not care which.
/// </summary>
public interface IPoseSource : IDisposable
{
    /// <summary>A short description for logs and reports (kind and path).</summary>
    string Description { get; }

    /// <summary>Frames per second of the clip; 0 when the poses are of unrelated images.</summary>
    double Fps { get; }

    /// <summary>Yields the poses in frame order. Can be called once per source.</summary>
    IEnumerable<PoseFrame> ReadPoses(CancellationToken cancellationToken = default);
}
