using System.Globalization;
using OpenCvSharp;

namespace VUnetStream.Synth.People;

/// <summary>An sRGB colour. Written to files as <c>#rrggbb</c>.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public string ToHex() => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    public override string ToString() => ToHex();

    /// <summary>OpenCV's channel order.</summary>
    public Scalar ToBgrScalar() => new(B, G, R);

    public static Rgb ParseHex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().TrimStart('#');
        if (s.Length != 6 || !uint.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint v))
        {
            throw new FormatException($"'{text}' is not a colour; expected #rrggbb");
        }

        return new Rgb((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    /// <summary>Hue in degrees, saturation and value in [0, 1].</summary>
    public static Rgb FromHsv(double hue, double saturation, double value)
    {
        double h = ((hue % 360) + 360) % 360 / 60.0;
        double c = value * saturation;
        double x = c * (1 - Math.Abs(h % 2 - 1));
        (double r, double g, double b) = (int)h switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        double m = value - c;
        return new Rgb(ToByte(r + m), ToByte(g + m), ToByte(b + m));
    }

    /// <summary>Multiplies every channel by <paramref name="factor"/> (clamped).</summary>
    public Rgb Scale(double factor) => new(ToByte(R * factor / 255), ToByte(G * factor / 255), ToByte(B * factor / 255));

    /// <summary>Moves each channel by up to <paramref name="amount"/>·255 at random.</summary>
    public Rgb Jitter(Random rng, double amount)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return new Rgb(
            ToByte(R / 255.0 + rng.Uniform(-amount, amount)),
            ToByte(G / 255.0 + rng.Uniform(-amount, amount)),
            ToByte(B / 255.0 + rng.Uniform(-amount, amount)));
    }

    public static Rgb Lerp(Rgb a, Rgb b, double t) => new(
        ToByte((a.R + (b.R - a.R) * t) / 255),
        ToByte((a.G + (b.G - a.G) * t) / 255),
        ToByte((a.B + (b.B - a.B) * t) / 255));

    /// <summary>Rec. 601 luma in [0, 255].</summary>
    public double Luma => 0.299 * R + 0.587 * G + 0.114 * B;

    /// <summary>Euclidean distance in RGB space.</summary>
    public double DistanceTo(Rgb other)
    {
        double dr = R - other.R, dg = G - other.G, db = B - other.B;
        return Math.Sqrt(dr * dr + dg * dg + db * db);
    }

    private static byte ToByte(double unit) => (byte)Math.Clamp(Math.Round(unit * 255), 0, 255);
}
