using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Sources;

/// <summary>
/// Picks the one person to follow when a keypoint file holds several: the one with the most
/// present joints, then the tallest (the main, nearest person in a dance video).
/// </summary>
public static class PersonChoice
{
    public static PersonPose Main(IReadOnlyList<PersonPose> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        return people.Count == 0
            ? PersonPose.Empty()
            : people.OrderByDescending(p => p.PresentCount).ThenByDescending(Extent).First();
    }

    private static float Extent(PersonPose pose)
    {
        float[] ys = pose.Joints.Where(k => k.IsPresent).Select(k => k.Y).ToArray();
        return ys.Length == 0 ? 0f : ys.Max() - ys.Min();
    }
}
