namespace VUnetStream.Synth.Rendering;

/// <summary>sRGB ↔ linear light. Lighting and averaging happen in linear light so edges and shading look natural.</summary>
internal static class ColorSpace
{
    private const int EncodeSteps = 4096;
    private static readonly float[] DecodeTable = BuildDecode();
    private static readonly byte[] EncodeTable = BuildEncode();

    public static float ToLinear(byte srgb) => DecodeTable[srgb];

    public static byte ToSrgb(float linear)
    {
        int i = (int)(linear * (EncodeSteps - 1) + 0.5f);
        return EncodeTable[Math.Clamp(i, 0, EncodeSteps - 1)];
    }

    private static float[] BuildDecode()
    {
        var table = new float[256];
        for (int i = 0; i < 256; i++)
        {
            double c = i / 255.0;
            table[i] = (float)(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4));
        }

        return table;
    }

    private static byte[] BuildEncode()
    {
        var table = new byte[EncodeSteps];
        for (int i = 0; i < EncodeSteps; i++)
        {
            double l = i / (double)(EncodeSteps - 1);
            double c = l <= 0.0031308 ? l * 12.92 : 1.055 * Math.Pow(l, 1 / 2.4) - 0.055;
            table[i] = (byte)Math.Clamp(Math.Round(c * 255), 0, 255);
        }

        return table;
    }
}

/// <summary>A colour in linear light.</summary>
internal readonly record struct Linear(float R, float G, float B)
{
    public static Linear From(People.Rgb c) => new(ColorSpace.ToLinear(c.R), ColorSpace.ToLinear(c.G), ColorSpace.ToLinear(c.B));

    public static Linear Mix(Linear a, Linear b, double t)
    {
        float f = (float)t;
        return new Linear(a.R + (b.R - a.R) * f, a.G + (b.G - a.G) * f, a.B + (b.B - a.B) * f);
    }

    public Linear Times(float f) => new(R * f, G * f, B * f);

    public Linear Times(float r, float g, float b) => new(R * r, G * g, B * b);
}
