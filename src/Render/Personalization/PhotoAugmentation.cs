using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Render.Personalization;

/// <summary>
/// One change of the target photo for test-time personalisation: an optional horizontal flip, then a rotation
/// and a scale about the square's centre, then a shift (a fraction of the side). It is ONE affine map of the
/// square, applied alike to the image, the person mask and the keypoints (so the stickman drawn from the moved
/// keypoints lies on the moved person). Coordinates are OpenCV's (pixel centres at integers), the convention of
/// <see cref="Cv2.WarpAffine(InputArray, OutputArray, InputArray, Size, InterpolationFlags, BorderTypes, Scalar?)"/>
/// and of the keypoints a square was framed with, so the flip maps x to side − 1 − x exactly as <c>Cv2.Flip</c> does.
/// </summary>
public readonly record struct PhotoAugmentation(bool Flip, double Scale, double RotationDegrees, double ShiftX, double ShiftY)
{
    /// <summary>The photo as it is.</summary>
    public static PhotoAugmentation Identity { get; } = new(false, 1, 0, 0, 0);

    /// <summary>A random change within <paramref name="ranges"/>: flipped with probability ½, every other part uniform.</summary>
    public static PhotoAugmentation Random(Random random, AugmentationRanges ranges)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(ranges);
        double Uniform(double half) => (random.NextDouble() * 2 - 1) * half;
        bool flip = ranges.Flip && random.Next(2) == 1;
        return new PhotoAugmentation(flip, 1 + Uniform(ranges.Scale), Uniform(ranges.RotationDegrees), Uniform(ranges.Shift), Uniform(ranges.Shift));
    }

    /// <summary>
    /// The 2×3 map from source to destination pixels of a <paramref name="size"/>² square:
    /// p' = c + shift·size + s·R(θ)·F·(p − c), c = ((size − 1)/2, (size − 1)/2), F = diag(−1, 1) when flipped.
    /// </summary>
    public double[,] Matrix(int size)
    {
        double c = (size - 1) / 2.0;
        double f = Flip ? -1 : 1;
        double angle = RotationDegrees * Math.PI / 180;
        double cos = Scale * Math.Cos(angle), sin = Scale * Math.Sin(angle);
        double m00 = cos * f, m01 = -sin, m10 = sin * f, m11 = cos;
        return new[,]
        {
            { m00, m01, c + ShiftX * size - (m00 * c) - (m01 * c) },
            { m10, m11, c + ShiftY * size - (m10 * c) - (m11 * c) },
        };
    }

    /// <summary>Where the point (x, y) of the source square lands.</summary>
    public (double X, double Y) Map(double x, double y, int size)
    {
        double[,] m = Matrix(size);
        return ((m[0, 0] * x) + (m[0, 1] * y) + m[0, 2], (m[1, 0] * x) + (m[1, 1] * y) + m[1, 2]);
    }

    /// <summary>
    /// The pose after this change, in a <paramref name="size"/>² square: every present joint moved by the map, and when
    /// flipped each left joint's new place given to its right twin and back (a mirrored person facing the camera
    /// shows its right arm where the left one was; <see cref="Coco18Skeleton.Mirror"/>). A joint moved out of the
    /// square is missing, as the datasets mark joints outside the frame.
    /// </summary>
    public PersonPose Apply(PersonPose pose, int size)
    {
        ArgumentNullException.ThrowIfNull(pose);
        var joints = new Keypoint[Coco18Skeleton.JointCount];
        for (int j = 0; j < joints.Length; j++)
        {
            Keypoint k = pose[j];
            int to = Flip ? (int)Coco18Skeleton.Mirror((Coco18)j) : j;
            if (!k.IsPresent)
            {
                joints[to] = Keypoint.Missing;
                continue;
            }

            (double x, double y) = Map(k.X, k.Y, size);
            bool inside = x >= 0 && y >= 0 && x <= size - 1 && y <= size - 1;
            joints[to] = inside ? k with { X = (float)x, Y = (float)y } : Keypoint.Missing;
        }

        return new PersonPose(joints);
    }

    /// <summary>The square image (BGR) after this change; what the map brings in from outside repeats the border, as framing the photo does.</summary>
    public Mat ApplyToImage(Mat image) => Warp(image, BorderTypes.Replicate);

    /// <summary>The person mask (8-bit, one channel) after this change; what comes in from outside is background.</summary>
    public Mat ApplyToMask(Mat mask) => Warp(mask, BorderTypes.Constant);

    private Mat Warp(Mat square, BorderTypes border)
    {
        ArgumentNullException.ThrowIfNull(square);
        if (square.Cols != square.Rows)
        {
            throw new ArgumentException($"expected a square image, got {square.Cols}x{square.Rows}", nameof(square));
        }

        double[,] m = Matrix(square.Cols);
        using var matrix = new Mat(2, 3, MatType.CV_64FC1);
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                matrix.Set(r, c, m[r, c]);
            }
        }

        var result = new Mat();
        Cv2.WarpAffine(square, result, matrix, new Size(square.Cols, square.Rows), InterpolationFlags.Linear, border, Scalar.All(0));
        return result;
    }
}

/// <summary>How far a personalisation example may differ from the photo (each part drawn uniformly within ±its value).</summary>
public sealed record AugmentationRanges
{
    /// <summary>Horizontal flips (with left and right joints swapped) in half of the examples.</summary>
    public bool Flip { get; init; } = true;

    /// <summary>Relative change of size: 0.08 is ±8 %.</summary>
    public double Scale { get; init; } = 0.08;

    public double RotationDegrees { get; init; } = 6;

    /// <summary>Shift as a fraction of the side: 0.05 is ±5 %.</summary>
    public double Shift { get; init; } = 0.05;
}
