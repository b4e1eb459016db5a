using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Personalization;

/// <summary>
/// The one photo a model is personalised on, already in the model's square: the image (8-bit BGR), the person's
/// pose in its pixels, and the person's soft mask (8-bit, 255 = person) when there is one. Holds copies of what it
/// is given.
/// </summary>
public sealed class PersonExample : IDisposable
{
    public PersonExample(Mat image, PersonPose pose, Mat? mask)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(pose);
        if (image.Empty() || image.Cols != image.Rows || image.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"a personalisation photo must be a square 8-bit BGR image, got {image.Cols}x{image.Rows} {image.Type()}", nameof(image));
        }

        if (mask is not null && (mask.Cols != image.Cols || mask.Rows != image.Rows || mask.Type() != MatType.CV_8UC1))
        {
            throw new ArgumentException($"the person mask must be 8-bit, one channel, {image.Cols}x{image.Rows}; got {mask.Cols}x{mask.Rows} {mask.Type()}", nameof(mask));
        }

        Image = image.Clone();
        Mask = mask?.Clone();
        Pose = pose;
    }

    public Mat Image { get; }

    public PersonPose Pose { get; }

    public Mat? Mask { get; }

    public int Size => Image.Cols;

    public void Dispose()
    {
        Image.Dispose();
        Mask?.Dispose();
    }
}
