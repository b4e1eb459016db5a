using OpenCvSharp;
using VUnetStream.Pipeline.Backgrounds;
using VUnetStream.Pose.Segmentation;

namespace VUnetStream.Application;

/// <summary>
/// A still-camera video's scene without its person, at a panel size: <see cref="Samples"/> frames spread over the
/// video, each segmented afresh (they are seconds apart), their median outside the grown person masks
/// (<see cref="CleanPlate"/>), and how well the samples agree with it outside the person (<see cref="CameraMotion"/>).
/// Used by <c>--background dancer</c> and by <c>eval-video</c>.
/// </summary>
internal static class VideoCleanPlate
{
    /// <summary>Frames sampled across the video.</summary>
    public const int Samples = 24;

    /// <summary>The plate (the caller owns it) and the camera-motion check of the samples against it.</summary>
    public static (CleanPlate Plate, CameraMotion Motion) Build(string videoPath, Size panel, PersonSegmenter segmenter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        IReadOnlyList<Mat> frames = FrameSampler.Sample(videoPath, Samples, panel, cancellationToken);
        var masks = new List<Mat>(frames.Count);
        try
        {
            foreach (Mat frame in frames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                segmenter.Reset();
                using SegmentedFrame segmented = segmenter.Segment(frame);
                masks.Add(segmented.Mask.Hard.Clone());
            }

            int dilate = PersonRemoval.DilationFor(panel.Height);
            CleanPlate plate = CleanPlate.Build(frames, masks, dilate);
            try
            {
                return (plate, CameraMotion.Check(frames, masks, plate.Image, dilate));
            }
            catch
            {
                plate.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (Mat m in frames.Concat(masks))
            {
                m.Dispose();
            }
        }
    }
}
