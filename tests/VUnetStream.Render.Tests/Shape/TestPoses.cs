using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Tests.Shape;

/// <summary>Hand-placed keypoint sets (pixel coordinates) for the stickman and crop tests.</summary>
internal static class TestPoses
{
    /// <summary>
    /// A person facing the camera in a 128×128 image (their right side on the image's left):
    /// shoulders at y 36, hips at y 76, knees at y 100, ankles at y 122, nose (64,20), eyes at y 17.
    /// </summary>
    public static PersonPose Standing128() => FromPoints(
        (64, 20), (64, 36), (48, 36), (40, 56), (36, 76), (80, 36), (88, 56), (92, 76),
        (54, 76), (52, 100), (50, 122), (74, 76), (76, 100), (78, 122), (60, 17), (68, 17), (56, 19), (72, 19));

    public static PersonPose FromPoints(params (float X, float Y)[] points) =>
        new(points.Select(p => Keypoint.At(p.X, p.Y)).ToArray());

    public static PersonPose Without(this PersonPose pose, params Coco18[] joints)
    {
        PersonPose result = pose;
        foreach (Coco18 joint in joints)
        {
            result = result.With(joint, Keypoint.Missing);
        }

        return result;
    }

    /// <summary>A pose with only the listed joints present.</summary>
    public static PersonPose Only(params (Coco18 Joint, float X, float Y)[] joints)
    {
        PersonPose pose = PersonPose.Empty();
        foreach ((Coco18 joint, float x, float y) in joints)
        {
            pose = pose.With(joint, Keypoint.At(x, y));
        }

        return pose;
    }
}
