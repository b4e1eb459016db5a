using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Tests;

/// <summary>Hand-made poses for the tests.</summary>
internal static class TestPoses
{
    /// <summary>A standing person, front view, feet at y = top + 170·scale, about 180·scale tall.</summary>
    public static PersonPose Standing(float cx = 100, float top = 20, float scale = 1f)
    {
        (float X, float Y)[] p =
        [
            (0, 10), (0, 30), (-20, 30), (-25, 60), (-28, 90), (20, 30), (25, 60), (28, 90),
            (-10, 90), (-11, 130), (-12, 170), (10, 90), (11, 130), (12, 170), (-4, 6), (4, 6), (-8, 8), (8, 8),
        ];
        return new PersonPose(p.Select(q => new Keypoint(cx + q.X * scale, top + q.Y * scale, 0.9f)).ToArray());
    }

    public static float Distance(Keypoint a, Keypoint b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
