using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Shape;

namespace VUnetStream.Render.Data;

/// <summary>
/// Reading one dataset image into the model's frame: decode, pad to a square (Market's 128×64 crops,
/// centred, border replicated), resize to the model size, and move the keypoints along.
/// </summary>
internal static class PreparedSample
{
    /// <summary>The image as an 8-bit BGR square of side <paramref name="size"/> and its pose in that square.</summary>
    public static (Mat Image, PersonPose Pose) Load(PoseSample sample, int size)
    {
        ArgumentNullException.ThrowIfNull(sample);
        using Mat raw = Cv2.ImRead(sample.ImagePath, ImreadModes.Color);
        if (raw.Empty())
        {
            throw new InvalidDataException($"{sample.ImagePath}: image cannot be decoded (missing, corrupt or not an image)");
        }

        return ToSquare(raw, sample.Pose, size);
    }

    /// <summary>Pads <paramref name="image"/> to a square if needed and resizes it to <paramref name="size"/>.</summary>
    public static (Mat Image, PersonPose Pose) ToSquare(Mat image, PersonPose pose, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(pose);
        Mat square;
        PersonPose squarePose;
        if (image.Cols != image.Rows)
        {
            (square, squarePose, _) = SquarePad.Apply(image, pose);
        }
        else
        {
            square = image.Clone();
            squarePose = pose;
        }

        if (square.Cols == size)
        {
            return (square, squarePose);
        }

        float scale = (float)size / square.Cols;
        var resized = new Mat();
        // Area averaging when shrinking (no aliasing), bilinear when enlarging.
        Cv2.Resize(square, resized, new Size(size, size), 0, 0, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        square.Dispose();
        return (resized, squarePose.Scale(scale, scale));
    }

    /// <summary>
    /// The inverse of <see cref="ToSquare"/> for a generated image: a model-size square back at the dataset
    /// image's own size (<paramref name="width"/> × <paramref name="height"/>), resized to the padded square's
    /// side and the padding cut off (Market's 64×128: the middle 64 columns of a 128² square). A new image.
    /// </summary>
    public static Mat FromSquare(Mat square, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(square);
        if (square.Cols != square.Rows)
        {
            throw new ArgumentException($"expected a square image, got {square.Cols}x{square.Rows}", nameof(square));
        }

        SquarePadding padding = SquarePad.Compute(width, height);
        var sized = new Mat();
        Cv2.Resize(square, sized, new Size(padding.Side, padding.Side), 0, 0, padding.Side < square.Cols ? InterpolationFlags.Area : InterpolationFlags.Linear);
        if (width == height)
        {
            return sized;
        }

        using (sized)
        {
            return SquarePad.Crop(sized, padding);
        }
    }
}
