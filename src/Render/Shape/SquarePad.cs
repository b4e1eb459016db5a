using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Shape;

/// <summary>How an image was padded to a square: pixels added on each side, and its original size.</summary>
internal readonly record struct SquarePadding(int Left, int Top, int Right, int Bottom, int OriginalWidth, int OriginalHeight)
{
    public int Side => OriginalWidth + Left + Right;

    /// <summary>The region of the padded square that holds the original image.</summary>
    public Rect OriginalRegion => new(Left, Top, OriginalWidth, OriginalHeight);
}

/// <summary>
/// Pads a non-square image (Market-1501's 64×128 crops) to a square, centred, and shifts its keypoints to
/// match — the way the paper trains Market at 128×128 ("crops padded to square").
/// </summary>
internal static class SquarePad
{
    /// <summary>The padding that makes a width×height image square (extra pixel of an odd difference goes right/bottom).</summary>
    public static SquarePadding Compute(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"image size must be positive, got {width}x{height}");
        }

        int side = Math.Max(width, height);
        int left = (side - width) / 2;
        int top = (side - height) / 2;
        return new SquarePadding(left, top, side - width - left, side - height - top, width, height);
    }

    /// <summary>
    /// Pads <paramref name="image"/> to a square (border replicated by default, which keeps the background
    /// plausible) and moves the pose's present joints by the same offset.
    /// </summary>
    public static (Mat Image, PersonPose Pose, SquarePadding Padding) Apply(
        Mat image, PersonPose pose, BorderTypes border = BorderTypes.Replicate, Scalar? value = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(pose);
        SquarePadding padding = Compute(image.Cols, image.Rows);
        var padded = new Mat();
        Cv2.CopyMakeBorder(image, padded, padding.Top, padding.Bottom, padding.Left, padding.Right, border, value ?? Scalar.All(0));
        return (padded, pose.Transform(1f, padding.Left, padding.Top), padding);
    }

    /// <summary>Cuts the original region back out of a padded (or same-sized generated) square image.</summary>
    public static Mat Crop(Mat square, SquarePadding padding)
    {
        ArgumentNullException.ThrowIfNull(square);
        if (square.Cols != padding.Side || square.Rows != padding.Side)
        {
            throw new ArgumentException($"expected a {padding.Side}x{padding.Side} image, got {square.Cols}x{square.Rows}", nameof(square));
        }

        using var view = new Mat(square, padding.OriginalRegion);
        return view.Clone();
    }

    /// <summary>Moves a pose from padded-square coordinates back to the original image.</summary>
    public static PersonPose Unshift(PersonPose pose, SquarePadding padding)
    {
        ArgumentNullException.ThrowIfNull(pose);
        return pose.Transform(1f, -padding.Left, -padding.Top);
    }
}
