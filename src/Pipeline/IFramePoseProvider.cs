using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pipeline;

/// <summary>
/// Gives the dancer's pose for each frame, in frame order (a pose estimator, or keypoints read from
/// files). Returns <see cref="PersonPose.Empty"/> when no person is in the frame.
/// Called from one thread, frame after frame.
/// </summary>
public interface IFramePoseProvider : IDisposable
{
    string Name { get; }

    PersonPose PoseOf(DecodedFrame frame);
}
