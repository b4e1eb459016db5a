using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Pipeline.Appearance;

/// <summary>
/// The target person of a job: the photo cut to the model's square image the way the training images
/// frame people (full body, centred, head-to-foot height = <see cref="BodyFraction"/> of the side), with
/// the person's pose in that square. Appearance is encoded from this once per job.
/// </summary>
public sealed class TargetPerson : IDisposable
{
    /// <summary>Head-to-foot height of the person as a fraction of the square's side.</summary>
    public const float BodyFraction = 0.8f;

    private TargetPerson(Mat image, PersonPose pose, Similarity photoToSquare, Size photoSize)
    {
        Image = image;
        Pose = pose;
        PhotoToSquare = photoToSquare;
        PhotoSize = photoSize;
    }

    /// <summary>The square photo at model size (BGR).</summary>
    public Mat Image { get; }

    /// <summary>The person's pose in <see cref="Image"/>'s pixels.</summary>
    public PersonPose Pose { get; }

    /// <summary>The crop: photo pixels to the square's (its inverse puts a rendered square back where the person stood).</summary>
    public Similarity PhotoToSquare { get; }

    /// <summary>The size of the photo the square was cut from.</summary>
    public Size PhotoSize { get; }

    /// <summary>
    /// Frames the person of <paramref name="photo"/> (whose pose is <paramref name="poseInPhoto"/>) into a
    /// square of <paramref name="modelSize"/>. Fails, naming <paramref name="photoName"/>, when no person
    /// with a visible torso is there.
    /// </summary>
    public static TargetPerson Frame(Mat photo, PersonPose poseInPhoto, int modelSize, string photoName)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(poseInPhoto);
        if (!PoseStage.HasTorso(poseInPhoto))
        {
            throw new InvalidDataException($"no person with a visible torso was found in the target photo '{photoName}'; use a photo of one person, full body, facing the camera");
        }

        Keypoint[] present = poseInPhoto.Joints.Where(k => k.IsPresent).ToArray();
        float top = present.Min(k => k.Y), bottom = present.Max(k => k.Y);
        float height = BodyGeometry.HeadToFoot(poseInPhoto) ?? (bottom - top) * 1.6f; // no feet: a half-body photo, guess the rest
        float centreX = BodyGeometry.CentreX(poseInPhoto) ?? present.Average(k => k.X);
        float side = height / BodyFraction;

        // Head top sits a little above the highest head joint; centre the whole body vertically.
        float headTop = top - 0.06f * height;
        float bodyCentreY = headTop + height * 1.06f / 2;
        var square = new Rect2f(centreX - side / 2, bodyCentreY - side / 2, side, side);

        float scale = modelSize / side;
        var photoToSquare = new Similarity(scale, -square.X * scale, -square.Y * scale);
        var image = new Mat();
        using (Mat toSquare = AffineOf(photoToSquare))
        {
            Cv2.WarpAffine(photo, image, toSquare, new Size(modelSize, modelSize), InterpolationFlags.Area, BorderTypes.Replicate);
        }

        return new TargetPerson(image, poseInPhoto.Transform(photoToSquare.Scale, photoToSquare.OffsetX, photoToSquare.OffsetY), photoToSquare, photo.Size());
    }

    /// <summary>
    /// A one-channel mask of the photo (e.g. the person's segmentation, photo pixels) cut to the same square as
    /// <see cref="Image"/>; what lies outside the photo is 0 (background). The caller owns the result.
    /// </summary>
    public Mat FrameMask(Mat maskInPhoto)
    {
        ArgumentNullException.ThrowIfNull(maskInPhoto);
        if (maskInPhoto.Size() != PhotoSize || maskInPhoto.Channels() != 1)
        {
            throw new ArgumentException($"the mask must be one channel of the photo's size {PhotoSize.Width}x{PhotoSize.Height}, got {maskInPhoto.Width}x{maskInPhoto.Height} with {maskInPhoto.Channels()} channels", nameof(maskInPhoto));
        }

        using Mat toSquare = AffineOf(PhotoToSquare);
        var mask = new Mat();
        Cv2.WarpAffine(maskInPhoto, mask, toSquare, Image.Size(), InterpolationFlags.Area, BorderTypes.Constant, Scalar.All(0));
        return mask;
    }

    public void Dispose() => Image.Dispose();

    /// <summary>The 2×3 matrix (CV_64F) that <c>WarpAffine</c> takes for a scale-and-shift map.</summary>
    private static Mat AffineOf(Similarity map)
    {
        var affine = new Mat(2, 3, MatType.CV_64FC1, Scalar.All(0));
        affine.Set(0, 0, (double)map.Scale);
        affine.Set(0, 2, (double)map.OffsetX);
        affine.Set(1, 1, (double)map.Scale);
        affine.Set(1, 2, (double)map.OffsetY);
        return affine;
    }
}
