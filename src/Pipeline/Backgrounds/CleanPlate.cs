using System.Runtime.InteropServices;
using OpenCvSharp;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// The background of a still-camera video without its person: per pixel (and channel) the median of the
/// sample frames in which that pixel is not covered by the (dilated) person mask, so a dancer who moves
/// away uncovers what was behind them. Pixels covered in every sample are inpainted (<see cref="PersonRemoval"/>).
/// </summary>
public sealed class CleanPlate : IDisposable
{
    private CleanPlate(Mat image, Mat holes, double holeFraction)
    {
        Image = image;
        Holes = holes;
        HoleFraction = holeFraction;
    }

    /// <summary>The plate (CV_8UC3, the frames' size).</summary>
    public Mat Image { get; }

    /// <summary>255 where every sample showed the person (those pixels are inpainted).</summary>
    public Mat Holes { get; }

    /// <summary>The share of the plate that had to be inpainted.</summary>
    public double HoleFraction { get; }

    /// <summary>
    /// Builds the plate from <paramref name="frames"/> (CV_8UC3, one size) and their person masks
    /// (CV_8UC1, ≥ 128 = person), each grown by <paramref name="dilatePixels"/> first.
    /// </summary>
    public static CleanPlate Build(IReadOnlyList<Mat> frames, IReadOnlyList<Mat> personMasks, int dilatePixels)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(personMasks);
        if (frames.Count == 0)
        {
            throw new ArgumentException("a clean plate needs at least one frame", nameof(frames));
        }

        if (frames.Count != personMasks.Count)
        {
            throw new ArgumentException($"{frames.Count} frames but {personMasks.Count} person masks");
        }

        Size size = frames[0].Size();
        int pixels = size.Width * size.Height;
        var colours = new byte[frames.Count][];
        var covered = new byte[frames.Count][];
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i].Type() != MatType.CV_8UC3 || frames[i].Size() != size)
            {
                throw new ArgumentException($"frame {i} is {frames[i].Width}x{frames[i].Height} {frames[i].Type()}; every frame must be {size.Width}x{size.Height} 8-bit BGR");
            }

            colours[i] = Bytes(frames[i], pixels * 3);
            using Mat mask = PersonRemoval.Dilated(personMasks[i], size, dilatePixels);
            covered[i] = Bytes(mask, pixels);
        }

        var plate = new byte[pixels * 3];
        var holes = new byte[pixels];
        byte[] buffer = new byte[frames.Count];
        int holeCount = 0;
        for (int p = 0; p < pixels; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                int n = 0;
                for (int i = 0; i < frames.Count; i++)
                {
                    if (covered[i][p] == 0)
                    {
                        buffer[n++] = colours[i][3 * p + c];
                    }
                }

                if (n == 0)
                {
                    holes[p] = 255;
                    continue;
                }

                plate[3 * p + c] = Median(buffer.AsSpan(0, n));
            }

            if (holes[p] != 0)
            {
                holeCount++;
            }
        }

        using var raw = new Mat(size.Height, size.Width, MatType.CV_8UC3);
        Marshal.Copy(plate, 0, raw.Data, plate.Length);
        var holeMask = new Mat(size.Height, size.Width, MatType.CV_8UC1);
        Marshal.Copy(holes, 0, holeMask.Data, holes.Length);
        Mat image = PersonRemoval.Remove(raw, holeMask, dilatePixels: 0);
        return new CleanPlate(image, holeMask, (double)holeCount / pixels);
    }

    public void Dispose()
    {
        Image.Dispose();
        Holes.Dispose();
    }

    private static byte Median(Span<byte> values)
    {
        // Insertion sort: a few dozen samples at most.
        for (int i = 1; i < values.Length; i++)
        {
            byte v = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > v)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = v;
        }

        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (byte)((values[n / 2 - 1] + values[n / 2] + 1) / 2);
    }

    private static byte[] Bytes(Mat image, int length)
    {
        var bytes = new byte[length];
        if (image.IsContinuous())
        {
            Marshal.Copy(image.Data, bytes, 0, length);
            return bytes;
        }

        using Mat continuous = image.Clone();
        Marshal.Copy(continuous.Data, bytes, 0, length);
        return bytes;
    }
}
