using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pipeline.Poses;

/// <summary>
/// Turns the dancer's raw per-frame poses into the poses the model draws (smoothed, retargeted, in the
/// model's square image). It may hold frames back (a smoothing window, a calibration window), but it
/// releases every frame exactly once and in order.
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
