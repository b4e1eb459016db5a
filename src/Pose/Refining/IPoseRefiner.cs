using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pose.Refining;

/// <summary>
/// Turns the dancer's raw per-frame poses into the poses a job uses: for the pipeline the poses the model
/// draws (smoothed, retargeted, in the model's square image), for the pose command the smoothed poses in the
/// frame's pixels. It may hold frames back (a smoothing window, a calibration window), but it releases every
/// frame exactly once and in order; <see cref="PoseRefineLoop"/> holds the frames meanwhile.
/// </summary>
public interface IPoseRefiner
{
    /// <summary>Adds frame <paramref name="index"/>'s raw pose; returns the frames now released.</summary>
    IEnumerable<(int Index, PersonPose Pose)> Push(int index, PersonPose pose);

    /// <summary>Releases every frame still held (end of the clip).</summary>
    IEnumerable<(int Index, PersonPose Pose)> Complete();
}

/// <summary>A refiner that maps each pose at once (no smoothing, no window).</summary>
public sealed class ImmediatePoseRefiner(Func<PersonPose, PersonPose> map) : IPoseRefiner
{
    public IEnumerable<(int Index, PersonPose Pose)> Push(int index, PersonPose pose) => [(index, map(pose))];

    public IEnumerable<(int Index, PersonPose Pose)> Complete() => [];
}
