using OpenCvSharp;

namespace VUnetStream.Synth.Stamp;

/// <summary>
/// Writes a frame's index into the frame as a row of black and white squares, so the order of frames
/// can be read back after lossy video encoding. Layout, from the top-left corner to the right, one
/// square per bit, white = 1: two start squares (white, black), the 16-bit index with the most
/// significant bit first, an even-parity square (white when the index has an odd number of ones), and a
/// white end square — 20 squares of <see cref="CellSize"/> pixels (width/64, at least 4) on the top rows.
/// </summary>
public static class FrameIndexStamp
{
    public const int Bits = 16;
    public const int Cells = Bits + 4;
    public const int MaxIndex = (1 << Bits) - 1;

    /// <summary>Side of one square for a frame of this width.</summary>
    public static int CellSize(int width) => Math.Max(4, width / 64);

    /// <summary>The narrowest frame that can carry the stamp.</summary>
    public static int MinimumWidth => Cells * 4;

    public static void Draw(Mat frame, int index)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, MaxIndex);
        int width = frame.Cols, height = frame.Rows;
        int cell = CellSize(width);
        if (width < Cells * cell || height < cell)
        {
            throw new ArgumentException($"a {width}x{height} frame is too small for the frame-index stamp (needs {Cells * cell}x{cell})");
        }

        bool[] bits = Encode(index);
        for (int i = 0; i < Cells; i++)
        {
            Cv2.Rectangle(frame, new Rect(i * cell, 0, cell, cell), bits[i] ? Scalar.All(255) : Scalar.All(0), -1, LineTypes.Link8);
        }
    }

    /// <summary>Reads the index back; false when the frame carries no intact stamp.</summary>
    public static bool TryRead(Mat frame, out int index)
    {
        ArgumentNullException.ThrowIfNull(frame);
        index = -1;
        int width = frame.Cols, height = frame.Rows;
        int cell = CellSize(width);
        if (frame.Empty() || width < Cells * cell || height < cell)
        {
            return false;
        }

        using var gray = new Mat();
        if (frame.Channels() == 3)
        {
            Cv2.CvtColor(frame, gray, ColorConversionCodes.BGR2GRAY);
        }
        else
        {
            frame.CopyTo(gray);
        }

        var bits = new bool[Cells];
        int inset = cell / 4;
        for (int i = 0; i < Cells; i++)
        {
            // The middle of each square: its edges blur in lossy video.
            using Mat inner = gray[new Rect(i * cell + inset, inset, cell - 2 * inset, cell - 2 * inset)];
            double mean = Cv2.Mean(inner).Val0;
            if (mean > 85 && mean < 170)
            {
                return false;
            }

            bits[i] = mean >= 170;
        }

        if (!bits[0] || bits[1] || !bits[Cells - 1])
        {
            return false;
        }

        int value = 0, ones = 0;
        for (int b = 0; b < Bits; b++)
        {
            value = (value << 1) | (bits[2 + b] ? 1 : 0);
            ones += bits[2 + b] ? 1 : 0;
        }

        if (bits[Cells - 2] != (ones % 2 == 1))
        {
            return false;
        }

        index = value;
        return true;
    }

    private static bool[] Encode(int index)
    {
        var bits = new bool[Cells];
        bits[0] = true;
        bits[1] = false;
        int ones = 0;
        for (int b = 0; b < Bits; b++)
        {
            bool one = ((index >> (Bits - 1 - b)) & 1) == 1;
            bits[2 + b] = one;
            ones += one ? 1 : 0;
        }

        bits[Cells - 2] = ones % 2 == 1;
        bits[Cells - 1] = true;
        return bits;
    }
}
