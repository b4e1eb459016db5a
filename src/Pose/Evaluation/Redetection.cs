using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pose.Evaluation;

/// <summary>
/// Pose re-detection: runs BlazePose on each image (as a photo: independent images, whole-frame fallback, as
/// <c>pose-eval</c> does) and compares the joints it finds with the target pose the image was meant to show
/// (<see cref="KeypointAccuracy"/>: the joints present in both; an image without a person counts only against
/// the detection rate). Body height is <see cref="BodyHeight"/>. Not thread-safe (one tracker).
/// </summary>
public sealed class Redetection : IDisposable
{
    private readonly BlazePoseTracker _tracker;

    public Redetection(PoseEstimatorOptions? options = null) =>
        _tracker = new BlazePoseTracker((options ?? new PoseEstimatorOptions()) with { WholeFrameFallback = true });

    public PoseEstimatorOptions Options => _tracker.Options;

    /// <summary>The pose BlazePose finds in <paramref name="image"/> (8-bit BGR), <see cref="PersonPose.Empty"/> when nobody.</summary>
    public PersonPose Detect(Mat image)
    {
        _tracker.Reset();
        PoseEstimate estimate = _tracker.Estimate(image);
        return estimate.HasPerson ? estimate.Pose : PersonPose.Empty();
    }

    /// <summary>
    /// Detects the pose in every image and scores it against its target (coordinates of that image). The same
    /// <see cref="Mat"/> given for several targets (a baseline image scored against every pair) is detected once.
    /// </summary>
    public RedetectionScore Score(IReadOnlyList<(Mat Image, PersonPose Target)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var detected = new Dictionary<Mat, PersonPose>(ReferenceEqualityComparer.Instance);
        var poses = new List<(PersonPose Target, PersonPose Detected)>(items.Count);
        foreach ((Mat image, PersonPose target) in items)
        {
            if (!detected.TryGetValue(image, out PersonPose? pose))
            {
                detected[image] = pose = Detect(image);
            }

            poses.Add((target, pose));
        }

        return Compare(poses);
    }

    /// <summary>
    /// The arithmetic of <see cref="Score"/> on given poses: images whose target has no height are left out; a
    /// detected pose with no joint is an image without a person.
    /// </summary>
    public static RedetectionScore Compare(IEnumerable<(PersonPose Target, PersonPose Detected)> poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        var accuracy = new KeypointAccuracy(personHeight: BodyHeight);
        foreach ((PersonPose target, PersonPose found) in poses)
        {
            accuracy.Add(target, found);
        }

        return new RedetectionScore(accuracy.Images, accuracy.Images - accuracy.NoPerson, accuracy.MeanErrorPx, accuracy.MeanErrorHeights);
    }

    /// <summary>
    /// Head-to-foot height (<see cref="BodyGeometry.HeadToFoot"/>: highest head joint to the lowest ankle); for a
    /// pose without head or ankles (a DeepFashion close-up) the vertical extent of its joints.
    /// </summary>
    public static float BodyHeight(PersonPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        return BodyGeometry.HeadToFoot(pose) ?? BodyMeasure.VerticalExtent(pose);
    }

    public void Dispose() => _tracker.Dispose();
}
