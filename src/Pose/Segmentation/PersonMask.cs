using OpenCvSharp;

namespace VUnetStream.Pose.Segmentation;

/// <summary>
/// A person mask of a whole frame: <see cref="Soft"/> is the person probability scaled to 0–255 (8-bit,
/// one channel), <see cref="Hard"/> is 255 where that probability is above 0.5 (logit &gt; 0), else 0.
/// </summary>
public sealed class PersonMask : IDisposable
{
    private PersonMask(Mat soft, Mat hard)
    {
        Soft = soft;
        Hard = hard;
    }

    public Mat Soft { get; }

    public Mat Hard { get; }

    public int Width => Soft.Width;

    public int Height => Soft.Height;

    /// <summary>Pixels of the hard mask that are person.</summary>
    public int Area => Cv2.CountNonZero(Hard);

    /// <summary>A mask with no person in it (a frame where nobody was found).</summary>
    public static PersonMask Empty(int width, int height) =>
        new(new Mat(height, width, MatType.CV_8UC1, Scalar.All(0)), new Mat(height, width, MatType.CV_8UC1, Scalar.All(0)));

    /// <summary>From per-pixel logits (CV_32FC1): soft = 255·sigmoid(logit), hard = logit &gt; 0.</summary>
    internal static PersonMask FromLogits(Mat logits)
    {
        if (logits.Type() != MatType.CV_32FC1)
        {
            throw new ArgumentException($"mask logits must be CV_32FC1, got {logits.Type()}", nameof(logits));
        }

        // sigmoid(x) = 1 / (1 + exp(−x)); large negative logits give exp → +inf and a clean 0.
        using var expNeg = new Mat();
        using (Mat negated = logits * -1.0)
        {
            Cv2.Exp(negated, expNeg);
        }

        Cv2.Add(expNeg, Scalar.All(1.0), expNeg);
        using var probability = new Mat();
        Cv2.Divide(255.0, expNeg, probability);
        var soft = new Mat();
        probability.ConvertTo(soft, MatType.CV_8UC1);
        var hard = new Mat();
        Cv2.Threshold(logits, hard, 0.0, 255.0, ThresholdTypes.Binary);
        hard.ConvertTo(hard, MatType.CV_8UC1);
        return new PersonMask(soft, hard);
    }

    public void Dispose()
    {
        Soft.Dispose();
        Hard.Dispose();
    }
}
