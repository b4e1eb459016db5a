using OpenCvSharp;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// The baseline for appearance measures: the pixel-wise average of the truths being scored. It is what a
/// model that ignores its appearance code tends towards (the one image closest to all of them on
/// average), so a measure it scores well on cannot tell a working model from a broken one.
/// </summary>
internal static class MeanPerson
{
    /// <summary>The rounded pixel-wise mean of same-sized 8-bit images, of their type.</summary>
    public static Mat Of(IReadOnlyList<Mat> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("the mean person needs at least one image", nameof(images));
        }

        Mat first = images[0];
        if (first.Depth() != MatType.CV_8U)
        {
            throw new ArgumentException("the mean person is computed from 8-bit images", nameof(images));
        }

        using var sum = new Mat(first.Size(), MatType.CV_64FC(first.Channels()), Scalar.All(0));
        foreach (Mat image in images)
        {
            if (image.Size() != first.Size() || image.Type() != first.Type())
            {
                throw new ArgumentException(
                    $"images differ in size or type: {image.Cols}x{image.Rows} {image.Type()} vs {first.Cols}x{first.Rows} {first.Type()}", nameof(images));
            }

            using var wide = new Mat();
            image.ConvertTo(wide, sum.Type());
            Cv2.Add(sum, wide, sum);
        }

        var mean = new Mat();
        sum.ConvertTo(mean, first.Type(), 1.0 / images.Count);
        return mean;
    }
}
