using System.Globalization;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Data;

namespace VUnetStream.Application.PersonVideo;

/// <summary>
/// Which frames of a person's video can teach the model (and lend it the person's look): a person was found, the four
/// torso joints are there (the stickman's torso and the torso crop need them, as every dataset image does), at least
/// <see cref="DefaultMinJoints"/> of the 18 joints are confident (the estimator writes a joint below confidence 0.5 as
/// missing), and the person mask is not empty (an alpha model learns its matte from it).
/// </summary>
public static class UsableFrame
{
    /// <summary>
    /// Two thirds of the 18 joints: a full-body frame has all of them but perhaps an ear or an eye turned away; a frame
    /// with legs out of the picture or half the body hidden teaches a stickman without the limbs the clip then asks for.
    /// </summary>
    public const int DefaultMinJoints = 12;

    /// <summary>Why the frame is not usable (a short reason for the summary), or null when it is.</summary>
    public static string? Problem(PersonPose pose, int maskArea, int minJoints)
    {
        ArgumentNullException.ThrowIfNull(pose);
        if (pose.IsEmpty)
        {
            return "no person";
        }

        if (!PoseDataset.TorsoVisible(pose))
        {
            return "torso not visible";
        }

        if (pose.PresentCount < minJoints)
        {
            return string.Create(CultureInfo.InvariantCulture, $"fewer than {minJoints} confident joints");
        }

        return maskArea == 0 ? "empty person mask" : null;
    }

    /// <summary>Throws unless 4 ≤ <paramref name="minJoints"/> ≤ 18 (the torso alone is 4).</summary>
    public static void CheckMinJoints(int minJoints)
    {
        if (minJoints is < 4 or > Coco18Skeleton.JointCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--min-joints must be between 4 (the torso) and {Coco18Skeleton.JointCount}, got {minJoints}"));
        }
    }
}
