using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Data;

/// <summary>One training or test image and the keypoints of the person in it (pixel coordinates of that image file).</summary>
public sealed record PoseSample(string Name, string ImagePath, PersonPose Pose);
