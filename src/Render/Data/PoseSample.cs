using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Data;

/// <summary>
/// One training or test image and the keypoints of the person in it (pixel coordinates of that image file);
/// <paramref name="MaskPath"/> is the person's matte (8-bit, 255 = person) when the dataset has one.
/// </summary>
public sealed record PoseSample(string Name, string ImagePath, PersonPose Pose, string? MaskPath = null);
