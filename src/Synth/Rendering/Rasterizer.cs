namespace VUnetStream.Synth.Rendering;

/// <summary>The drawn person alone: premultiplied linear colour, coverage and part labels per output pixel.</summary>
internal sealed class PersonLayer(int width, int height)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>Premultiplied linear R, G, B per pixel (3 floats each).</summary>
    public float[] Color { get; } = new float[width * height * 3];

    public float[] Alpha { get; } = new float[width * height];

    public byte[] Labels { get; } = new byte[width * height];
}

/// <summary>
/// Draws primitives by asking each, for every sample, what surface it shows there; the surfaces under
/// a sample are composited front to back by depth, so parts hide each other exactly where they
/// overlap (self-occlusion). Samples on a grid of <c>supersample</c>² per pixel are box-averaged.
/// </summary>
internal static class Rasterizer
{
    private const int MaxLayers = 40;

    public static PersonLayer Draw(IReadOnlyList<Primitive> primitives, SurfaceShader shader, int width, int height, int supersample)
    {
        var layer = new PersonLayer(width, height);
        int k = supersample;
        double pixel = 1.0 / k;
        float weight = 1f / (k * k);
        Parallel.For(0, height, () => new Scratch(primitives.Count), (row, _, scratch) =>
        {
            for (int sy = 0; sy < k; sy++)
            {
                double y = row + (sy + 0.5) / k - 0.5;
                int rowCount = 0;
                double rowMinX = double.MaxValue, rowMaxX = double.MinValue;
                for (int i = 0; i < primitives.Count; i++)
                {
                    Primitive p = primitives[i];
                    if (y >= p.MinY && y <= p.MaxY)
                    {
                        scratch.RowPrimitives[rowCount++] = p;
                        rowMinX = Math.Min(rowMinX, p.MinX);
                        rowMaxX = Math.Max(rowMaxX, p.MaxX);
                    }
                }

                if (rowCount == 0)
                {
                    continue;
                }

                // Only the columns some primitive of this row can reach.
                int firstCol = Math.Max(0, (int)Math.Floor(rowMinX) - 1), lastCol = Math.Min(width - 1, (int)Math.Ceiling(rowMaxX) + 1);
                for (int col = firstCol; col <= lastCol; col++)
                {
                    int o = row * width + col;
                    for (int sx = 0; sx < k; sx++)
                    {
                        double x = col + (sx + 0.5) / k - 0.5;
                        Sample(scratch, rowCount, x, y, pixel, shader, out float r, out float g, out float b, out float a, out BodyPart label);
                        layer.Color[3 * o] += r * weight;
                        layer.Color[3 * o + 1] += g * weight;
                        layer.Color[3 * o + 2] += b * weight;
                        layer.Alpha[o] += a * weight;
                        if (sx == k / 2 && sy == k / 2)
                        {
                            layer.Labels[o] = (byte)label;
                        }
                    }
                }
            }

            return scratch;
        }, _ => { });
        return layer;
    }

    private static void Sample(Scratch s, int rowCount, double x, double y, double pixel, SurfaceShader shader,
        out float r, out float g, out float b, out float alpha, out BodyPart label)
    {
        int n = 0;
        for (int i = 0; i < rowCount && n < MaxLayers; i++)
        {
            Primitive p = s.RowPrimitives[i];
            if (x < p.MinX || x > p.MaxX)
            {
                continue;
            }

            ref SurfaceHit hit = ref s.Hits[n];
            if (p.Hit(x, y, pixel, ref hit))
            {
                s.HitPrimitives[n] = p;
                s.Order[n] = n;
                n++;
            }
        }

        r = g = b = alpha = 0;
        label = BodyPart.None;
        if (n == 0)
        {
            return;
        }

        // Insertion sort by depth, nearest first (there are only a few layers per sample).
        for (int i = 1; i < n; i++)
        {
            int item = s.Order[i];
            double z = s.Hits[item].Z;
            int j = i - 1;
            while (j >= 0 && s.Hits[s.Order[j]].Z < z)
            {
                s.Order[j + 1] = s.Order[j];
                j--;
            }

            s.Order[j + 1] = item;
        }

        float transmit = 1f;
        for (int i = 0; i < n && transmit > 0.003f; i++)
        {
            int h = s.Order[i];
            float a = (float)s.Hits[h].Alpha;
            Linear c = shader.Shade(s.HitPrimitives[h], s.Hits[h], pixel);
            r += transmit * a * c.R;
            g += transmit * a * c.G;
            b += transmit * a * c.B;
            if (label == BodyPart.None && a >= 0.5f)
            {
                label = s.HitPrimitives[h].Part;
            }

            transmit *= 1 - a;
        }

        alpha = 1 - transmit;
    }

    private sealed class Scratch(int primitives)
    {
        public Primitive[] RowPrimitives { get; } = new Primitive[primitives];

        public SurfaceHit[] Hits { get; } = new SurfaceHit[MaxLayers];

        public Primitive[] HitPrimitives { get; } = new Primitive[MaxLayers];

        public int[] Order { get; } = new int[MaxLayers];
    }
}
