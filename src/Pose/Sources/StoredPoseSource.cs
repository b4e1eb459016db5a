using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// Poses stored per frame index (keypoint files, annotation rows): a frame's pose is the one at its
/// index, whatever its pixels; a frame past the last stored pose has no person. Without frames (ground
/// truth for an evaluation, a benchmark's annotations) <see cref="ReadPoses"/> gives them all in order.
/// </summary>
public abstract class StoredPoseSource : IPoseSource
{
    public abstract string Name { get; }

    /// <summary>How many poses are stored (frames 0 … Count − 1).</summary>
    public abstract int Count { get; }

    /// <summary>The stored pose of frame <paramref name="index"/> with the name of where it came from (file, image).</summary>
    public abstract PoseFrame PoseAt(int index);

    public PersonPose PoseOf(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Index < Count ? PoseAt(frame.Index).Pose : PersonPose.Empty();
    }

    /// <summary>Every stored pose, in frame order.</summary>
    public IEnumerable<PoseFrame> ReadPoses(CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return PoseAt(i);
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
