using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// The one way poses come into a job: the dancer's pose for each frame, in frame order (the BlazePose
/// estimator on the frame's pixels, or poses stored per frame index: OpenPose JSON files, a benchmark
/// CSV). Returns <see cref="PersonPose.Empty"/> when no person is in the frame. Called from one thread,
/// frame after frame. The pipeline's pose stage pushes its decoded frames through it; the pose command
/// and the evaluations drive a <c>FrameInput</c> through it with <see cref="FramePoseRunner"/>; stored
/// poses are also read on their own (<see cref="StoredPoseSource.ReadPoses"/>).
/// <see cref="PoseSources"/> picks the implementation for a path.
/// </summary>
public interface IPoseSource : IDisposable
{
    /// <summary>A short description for logs and messages (what and where).</summary>
    string Name { get; }

    PersonPose PoseOf(DecodedFrame frame);
}
