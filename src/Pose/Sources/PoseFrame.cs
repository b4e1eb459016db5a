using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// The pose of the one person followed in frame <see cref="Index"/> of a clip (or image
/// <see cref="Index"/> of a set). <see cref="Name"/> says where it came from (file or frame).
/// A frame without a person carries <see cref="PersonPose.Empty"/>.
/// </summary>
public sealed record PoseFrame(int Index, string Name, PersonPose Pose)
{
    public bool HasPerson => !Pose.IsEmpty;
}
