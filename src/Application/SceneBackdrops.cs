using System.Globalization;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Ingest;
using VUnetStream.Pipeline.Appearance;
using VUnetStream.Pipeline.Backgrounds;
using VUnetStream.Pipeline.Rendering;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Refining;
using VUnetStream.Pose.Segmentation;

namespace VUnetStream.Application;

/// <summary>
/// Prepares a job's scene for <c>--background photo|dancer</c> before rendering starts: the photo's person
/// mask (BlazePose's segmentation) and its inpainted scene, or the dancer video's clean plate from sampled
/// frames, checked for camera motion. A model without an alpha output has nothing to place (null, with a
/// notice); a camera that moves makes the dancer's plate useless, so the photo's scene is used (a notice).
/// </summary>
internal static class SceneBackdrops
{
    public static IResultBackdrop? Create(
        TransferVideoRequest request,
        bool modelHasAlpha,
        TargetPerson target,
        VideoInfo video,
        int outputHeight,
        StreamingPoseRefiner refiner,
        Action<string> notice,
        CancellationToken cancellationToken)
    {
        RenderBackground background = request.Background;
        if (!background.IsPlaced)
        {
            return null;
        }

        if (!modelHasAlpha)
        {
            notice($"--background {background}: this model has no alpha output, so the person stays on the model's own background");
            return null;
        }

        using var segmenter = new PersonSegmenter(request.Estimator with { WholeFrameFallback = true });
        if (background.Kind == BackgroundKind.Dancer)
        {
            IResultBackdrop? plate = Dancer(request, video, outputHeight, refiner, segmenter, notice, cancellationToken);
            if (plate is not null)
            {
                return plate;
            }
        }

        return Photo(request, target, outputHeight, segmenter, notice);
    }

    private static PhotoBackdrop Photo(TransferVideoRequest request, TargetPerson target, int outputHeight, PersonSegmenter segmenter, Action<string> notice)
    {
        using Mat photo = Cv2.ImRead(request.PhotoPath, ImreadModes.Color);
        if (photo.Empty())
        {
            throw new InvalidDataException($"target photo '{request.PhotoPath}' cannot be read as an image");
        }

        segmenter.Reset();
        using SegmentedFrame segmented = segmenter.Segment(photo);
        if (segmented.Mask.Area > 0)
        {
            return PhotoBackdrop.Create(photo, segmented.Mask.Hard, target.PhotoToSquare, outputHeight);
        }

        // The pose was found (or given) but the segmentation saw nobody: remove a generous pose-shaped region.
        notice($"no person mask was found in the photo '{request.PhotoPath}'; the person is removed by a mask drawn from the pose");
        Pose.Retargeting.Similarity back = target.PhotoToSquare.Inverse();
        PersonPose inPhoto = target.Pose.Transform(back.Scale, back.OffsetX, back.OffsetY);
        int thickness = Math.Max(3, (int)((Pose.Retargeting.BodyGeometry.HeadToFoot(inPhoto) ?? photo.Height / 2f) * 0.12f));
        using Mat mask = PoseMask.Draw(inPhoto, photo.Size(), thickness);
        return PhotoBackdrop.Create(photo, mask, target.PhotoToSquare, outputHeight);
    }

    private static DancerBackdrop? Dancer(
        TransferVideoRequest request,
        VideoInfo video,
        int outputHeight,
        StreamingPoseRefiner refiner,
        PersonSegmenter segmenter,
        Action<string> notice,
        CancellationToken cancellationToken)
    {
        Size panel = ScenePanel.For(video.Width, video.Height, outputHeight);
        (CleanPlate plate, CameraMotion motion) = VideoCleanPlate.Build(request.VideoPath, panel, segmenter, cancellationToken);
        using (plate)
        {
            if (motion.Moved)
            {
                notice(string.Create(CultureInfo.InvariantCulture,
                    $"--background dancer needs a still camera, and the camera moves in '{request.VideoPath}' (the sampled frames differ from their median by {motion.MedianDifference:0.0} levels outside the dancer, above {motion.Threshold:0}); the photo's scene is used instead"));
                return null;
            }

            if (plate.HoleFraction > 0.005)
            {
                notice(string.Create(CultureInfo.InvariantCulture,
                    $"{plate.HoleFraction:P1} of the dancer video's background is behind the dancer in every sampled frame; it is inpainted"));
            }

            return new DancerBackdrop(plate.Image.Clone(), () => refiner.FrameToSquare, video.Height);
        }
    }
}
