using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// Gives the dancer's pose for each frame, in frame order (a pose estimator, or keypoints read from
/// files). Returns <see cref="PersonPose.Empty"/> when no person is in the frame.
/// Called from one thread, frame after frame. The streaming (push) form of <see cref="IPoseSource"/>, for a
/// pipeline that already decodes the frames; <see cref="PoseSources.ForFrames"/> picks the implementation.
/// </summary>
public interface IFramePoseProvider : IDisposable
{
    string Name { get; }

    PersonPose PoseOf(DecodedFrame frame);
}
