using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pose.Segmentation;

namespace VUnetStream.Pose.Estimation;

/// <summary>How the region of a frame's estimate was found.</summary>
public enum RegionSource
{
    /// <summary>No person: the detector found nobody, or the network rejected every candidate.</summary>
    None,

    /// <summary>The region followed from the previous frame's landmarks.</summary>
    Tracked,

    /// <summary>The HOG detector found the person in this frame.</summary>
    Detected,

    /// <summary>Nobody was detected, but the network found a person in the whole frame (a photo the person fills).</summary>
    WholeFrame,
}

/// <summary>The estimator's result for one frame, in that frame's pixel coordinates.</summary>
public sealed class PoseEstimate
{
    public PoseEstimate(PersonPose pose, float personScore, PoseRegion? region, RegionSource source, IReadOnlyList<Point2f> landmarks)
    {
        Pose = pose;
        PersonScore = personScore;
        Region = region;
        Source = source;
        Landmarks = landmarks;
    }

    /// <summary>COCO-18 joints; <see cref="PersonPose.Empty"/> when no person was found.</summary>
    public PersonPose Pose { get; }

    public float PersonScore { get; }

    public PoseRegion? Region { get; }

    public RegionSource Source { get; }

    /// <summary>BlazePose's 33 body landmarks in frame pixels (empty when no person).</summary>
    public IReadOnlyList<Point2f> Landmarks { get; }

    public bool HasPerson => Source != RegionSource.None;

    /// <summary>
    /// The person mask of the region, from the same forward pass as the landmarks; null when the estimator
    /// was not asked for it (<see cref="PoseEstimatorOptions.Segmentation"/>) or found no person.
    /// </summary>
    public RegionSegmentation? Segmentation { get; init; }

    public static PoseEstimate NoPerson(float bestScore) => new(PersonPose.Empty(), bestScore, null, RegionSource.None, []);
}
