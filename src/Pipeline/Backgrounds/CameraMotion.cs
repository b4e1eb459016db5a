using OpenCvSharp;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// Whether a clean plate fits its video: with a still camera every sample frame matches the plate outside
/// the person (up to noise and compression, a few levels), while a camera that pans, zooms or shakes moves
/// the whole scene and the median of those differences jumps. <see cref="Moved"/> compares that median
/// (mean absolute difference over the three channels, 0–255 levels) with <see cref="Threshold"/>.
/// </summary>
public sealed record CameraMotion(double MedianDifference, double Threshold, IReadOnlyList<double> Differences)
{
    /// <summary>Levels of mean absolute difference above which the camera counts as moving.</summary>
    public const double DefaultThreshold = 12;

    public bool Moved => MedianDifference > Threshold;

    /// <summary>
    /// Compares each of <paramref name="frames"/> with <paramref name="plate"/> (all CV_8UC3, one size) outside
    /// its person mask (CV_8UC1, ≥ 128 = person) grown by <paramref name="dilatePixels"/>.
    /// </summary>
    public static CameraMotion Check(IReadOnlyList<Mat> frames, IReadOnlyList<Mat> personMasks, Mat plate, int dilatePixels, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(personMasks);
        ArgumentNullException.ThrowIfNull(plate);
        if (frames.Count == 0 || frames.Count != personMasks.Count)
        {
            throw new ArgumentException($"camera motion needs frames and as many masks ({frames.Count} frames, {personMasks.Count} masks)");
        }

        var differences = new double[frames.Count];
        using var diff = new Mat();
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i].Size() != plate.Size() || frames[i].Type() != plate.Type())
            {
                throw new ArgumentException($"frame {i} ({frames[i].Width}x{frames[i].Height}) does not match the plate ({plate.Width}x{plate.Height})");
            }

            using Mat person = PersonRemoval.Dilated(personMasks[i], plate.Size(), dilatePixels);
            using var outside = new Mat();
            Cv2.BitwiseNot(person, outside);
            Cv2.Absdiff(frames[i], plate, diff);
            Scalar mean = Cv2.Mean(diff, outside);
            differences[i] = Cv2.CountNonZero(outside) == 0 ? 0 : (mean.Val0 + mean.Val1 + mean.Val2) / 3;
        }

        double[] sorted = [.. differences.Order()];
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new CameraMotion(median, threshold, differences);
    }
}
