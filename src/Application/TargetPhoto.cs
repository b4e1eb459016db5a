using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pose.Estimation;
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
}
