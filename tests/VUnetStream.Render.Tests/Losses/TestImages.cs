using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Losses;

internal static class TestImages
{
    /// <summary>A reproducible batch in [−1, 1] with smooth structure (noise upsampled), like a blurry photo.</summary>
    public static Tensor Smooth(long batch, long height, long width, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var coarse = rand([batch, 3, Math.Max(2, height / 8), Math.Max(2, width / 8)], generator: generator);
        using var fine = nn.functional.interpolate(coarse, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        return fine * 2 - 1;
    }

    /// <summary>Independent uniform noise in [−1, 1].</summary>
    public static Tensor Noise(long batch, long height, long width, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var unit = rand([batch, 3, height, width], generator: generator);
        return unit * 2 - 1;
    }
}
