using OpenCvSharp;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Render.Tests.Experiments;

public sealed class MeanPersonTests
{
    [Fact]
    public void Of_ThreeTinyImages_IsTheRoundedPixelwiseMean()
    {
        var random = new Random(7);
        Mat[] images = [.. Enumerable.Range(0, 3).Select(_ => RandomImage(random, 3, 2))];
        try
        {
            using Mat mean = MeanPerson.Of(images);
            Assert.Equal(images[0].Type(), mean.Type());
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        double sum = images.Sum(m => (double)m.At<Vec3b>(y, x)[c]);
                        Assert.Equal((byte)Math.Round(sum / 3), mean.At<Vec3b>(y, x)[c]);
                    }
                }
            }
        }
        finally
        {
            foreach (Mat m in images)
            {
                m.Dispose();
            }
        }
    }

    [Fact]
    public void Of_ImagesOfDifferentSizes_Throws()
    {
        using var a = new Mat(4, 4, MatType.CV_8UC3, Scalar.All(0));
        using var b = new Mat(4, 5, MatType.CV_8UC3, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => MeanPerson.Of([a, b]));
    }

    private static Mat RandomImage(Random random, int width, int height)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image.Set(y, x, new Vec3b((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        return image;
    }
}
