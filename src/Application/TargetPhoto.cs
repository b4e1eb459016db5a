using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Segmentation;
using VUnetStream.Pose.Sources;

namespace VUnetStream.Application;

/// <summary>The job's target person: the photo read, its pose read or estimated, cut to the model's square.</summary>
internal static class TargetPhoto
{
    /// <summary>
    /// Loads the target of <paramref name="request"/>; <paramref name="estimator"/> gives the tracker when
    /// the photo's pose is estimated (a fresh one when null, disposed here).
    /// </summary>
    public static TargetPerson Load(TransferVideoRequest request, int modelSize, Func<PoseEstimatorOptions, BlazePoseTracker>? estimator = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        using Mat photo = Cv2.ImRead(request.PhotoPath, ImreadModes.Color);
        if (photo.Empty())
        {
            throw new InvalidDataException($"target photo '{request.PhotoPath}' cannot be read as an image");
        }

        PersonPose pose;
        if (request.PhotoKeypoints is not null)
        {
            pose = PersonChoice.Main(OpenPoseJson.Read(request.PhotoKeypoints));
        }
        else if (estimator is not null)
        {
            pose = estimator(request.Estimator).Estimate(photo).Pose;
        }
        else
        {
            using var tracker = new BlazePoseTracker(request.Estimator);
            pose = tracker.Estimate(photo).Pose;
        }

        return TargetPerson.Frame(photo, pose, modelSize, request.PhotoPath);
    }

    /// <summary>
    /// The person's soft mask (8-bit, 255 = person) in <paramref name="target"/>'s square, from BlazePose's
    /// segmentation of the photo (<paramref name="segmenter"/>: a tracker made with segmentation on, or a fresh one when
    /// null); what test-time personalisation trains the alpha against. Fails when the segmentation finds no person.
    /// </summary>
    public static Mat LoadMask(TransferVideoRequest request, TargetPerson target, Func<PoseEstimatorOptions, BlazePoseTracker>? segmenter = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        using Mat photo = Cv2.ImRead(request.PhotoPath, ImreadModes.Color);
        if (photo.Empty())
        {
            throw new InvalidDataException($"target photo '{request.PhotoPath}' cannot be read as an image");
        }

        PoseEstimatorOptions options = SegmentationOptions(request);
        PoseEstimate estimate;
        if (segmenter is not null)
        {
            estimate = segmenter(options).Estimate(photo);
        }
        else
        {
            using var tracker = new BlazePoseTracker(options);
            estimate = tracker.Estimate(photo);
        }

        if (estimate.Segmentation is not RegionSegmentation region)
        {
            throw new InvalidDataException($"--personalize needs the person's mask in the target photo, and BlazePose's segmentation found no person in '{request.PhotoPath}'");
        }

        using PersonMask mask = region.ToFrame(photo.Width, photo.Height);
        if (mask.Area == 0)
        {
            throw new InvalidDataException($"--personalize needs the person's mask in the target photo, and BlazePose's segmentation of '{request.PhotoPath}' is empty");
        }

        return target.FrameMask(mask.Soft);
    }

    /// <summary>The estimator settings the photo's mask is made with: the job's, with the segmentation output on.</summary>
    public static PoseEstimatorOptions SegmentationOptions(TransferVideoRequest request) => request.Estimator with { Segmentation = true };
}
