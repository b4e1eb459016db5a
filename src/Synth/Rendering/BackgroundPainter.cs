using OpenCvSharp;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Rendering;

/// <summary>
/// Paints backdrops with OpenCV: a plain colour, a vertical gradient, or a texture (plaster, bricks,
/// tiles). Textures are sized in body units through <c>pixelsPerUnit</c>, so a brick is always about
/// as tall as a hand, whatever the image size.
/// </summary>
internal static class BackgroundPainter
{
    public static Mat Paint(Background background, int width, int height, double pixelsPerUnit)
    {
        ArgumentNullException.ThrowIfNull(background);
        var image = new Mat(height, width, MatType.CV_8UC3, background.Color.ToBgrScalar());
        switch (background.Kind)
        {
            case BackgroundKind.Gradient:
                Gradient(image, background.Color, background.Color2);
                break;
            case BackgroundKind.Textured:
                var rng = new Random(background.TextureSeed);
                switch (background.Texture)
                {
                    case BackgroundTexture.Bricks:
                        Bricks(image, background, rng, pixelsPerUnit);
                        break;
                    case BackgroundTexture.Tiles:
                        Tiles(image, background, rng, pixelsPerUnit);
                        break;
                    default:
                        break;
                }

                Plaster(image, rng, pixelsPerUnit, background.Texture == BackgroundTexture.Plaster ? 0.12 : 0.05);
                break;
            default:
                break;
        }

        return image;
    }

    private static void Gradient(Mat image, Rgb top, Rgb bottom)
    {
        int rows = image.Rows, cols = image.Cols;
        for (int y = 0; y < rows; y++)
        {
            double t = rows > 1 ? y / (double)(rows - 1) : 0;
            Rgb c = Rgb.Lerp(top, bottom, t * t * (3 - 2 * t));
            Cv2.Rectangle(image, new Rect(0, y, cols, 1), c.ToBgrScalar(), -1, LineTypes.Link8);
        }
    }

    /// <summary>Multiplies the image by smooth value noise of a few octaves (±<paramref name="strength"/>).</summary>
    private static void Plaster(Mat image, Random rng, double pixelsPerUnit, double strength)
    {
        using var sum = new Mat(image.Rows, image.Cols, MatType.CV_32FC1, Scalar.All(0));
        double amplitude = 1;
        double total = 0;
        for (double cell = 0.12 * pixelsPerUnit; cell >= 2; cell /= 2.2)
        {
            int gw = Math.Max(2, (int)Math.Ceiling(image.Cols / cell) + 2), gh = Math.Max(2, (int)Math.Ceiling(image.Rows / cell) + 2);
            var values = new float[gw * gh];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(rng.NextDouble() * 2 - 1);
            }

            using Mat grid = Mat.FromPixelData(gh, gw, MatType.CV_32FC1, values);
            using var big = new Mat();
            Cv2.Resize(grid, big, new Size((int)(gw * cell), (int)(gh * cell)), 0, 0, InterpolationFlags.Cubic);
            using Mat crop = big[new Rect(0, 0, image.Cols, image.Rows)];
            Cv2.ScaleAdd(crop, amplitude, sum, sum);
            total += amplitude;
            amplitude *= 0.6;
        }

        using var factor = new Mat();
        sum.ConvertTo(factor, MatType.CV_32FC1, strength / Math.Max(total, 1e-9), 1.0);
        using var factor3 = new Mat();
        Cv2.Merge([factor, factor, factor], factor3);
        using var asFloat = new Mat();
        image.ConvertTo(asFloat, MatType.CV_32FC3);
        Cv2.Multiply(asFloat, factor3, asFloat);
        asFloat.ConvertTo(image, MatType.CV_8UC3);
    }

    private static void Bricks(Mat image, Background background, Random rng, double pixelsPerUnit)
    {
        double brickW = 0.13 * pixelsPerUnit, brickH = 0.055 * pixelsPerUnit;
        int mortar = Math.Max(1, (int)Math.Round(0.008 * pixelsPerUnit));
        image.SetTo(Rgb.Lerp(background.Color2, new Rgb(220, 215, 205), 0.5).ToBgrScalar());
        int cols = image.Cols;
        int rows = (int)Math.Ceiling(image.Rows / brickH) + 1;
        for (int r = 0; r < rows; r++)
        {
            double offset = r % 2 == 0 ? 0 : -brickW / 2;
            for (double x = offset; x < cols; x += brickW)
            {
                Rgb c = Rgb.Lerp(background.Color, background.Color2, rng.NextDouble() * 0.6).Jitter(rng, 0.03);
                var rect = new Rect((int)Math.Round(x) + mortar, (int)Math.Round(r * brickH) + mortar,
                    (int)Math.Round(brickW) - mortar, (int)Math.Round(brickH) - mortar);
                Cv2.Rectangle(image, rect, c.ToBgrScalar(), -1, LineTypes.Link8);
            }
        }

        Cv2.GaussianBlur(image, image, new Size(3, 3), 0.6);
    }

    private static void Tiles(Mat image, Background background, Random rng, double pixelsPerUnit)
    {
        double tile = 0.2 * pixelsPerUnit;
        int grout = Math.Max(1, (int)Math.Round(0.006 * pixelsPerUnit));
        image.SetTo(background.Color2.ToBgrScalar());
        int rows = image.Rows, cols = image.Cols;
        for (int ty = 0; ty * tile < rows; ty++)
        {
            for (int tx = 0; tx * tile < cols; tx++)
            {
                Rgb baseColor = (tx + ty) % 2 == 0 ? background.Color : Rgb.Lerp(background.Color, background.Color2, 0.35);
                Rgb c = baseColor.Jitter(rng, 0.015);
                var rect = new Rect((int)Math.Round(tx * tile) + grout, (int)Math.Round(ty * tile) + grout,
                    (int)Math.Round(tile) - grout, (int)Math.Round(tile) - grout);
                Cv2.Rectangle(image, rect, c.ToBgrScalar(), -1, LineTypes.Link8);
            }
        }

        Cv2.GaussianBlur(image, image, new Size(3, 3), 0.5);
    }
}
