using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Shape;

public sealed class ImageTensorsTests
{
    [Fact]
    public void FromBgr_BlueImage_IsRgbInMinusOneOne()
    {
        using var image = new Mat(4, 6, MatType.CV_8UC3, new Scalar(255, 0, 0));
        using Tensor t = ImageTensors.FromBgr(image);
        Assert.Equal(new long[] { 3, 4, 6 }, t.shape);
        Assert.Equal(-1f, t[0].max().item<float>());
        Assert.Equal(-1f, t[1].max().item<float>());
        Assert.Equal(1f, t[2].min().item<float>());
    }

    [Fact]
    public void ToBgr_OfFromBgr_ReturnsTheSamePixels()
    {
        using var image = new Mat(16, 8, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(256));
        using Tensor t = ImageTensors.FromBgr(image);
        using Mat back = ImageTensors.ToBgr(t);
        using var diff = new Mat();
        Cv2.Absdiff(image, back, diff);
        Assert.Equal(0, Cv2.CountNonZero(diff.Reshape(1)));
    }

    [Fact]
    public void ToBgr_OutOfRangeValues_AreClipped()
    {
        using Tensor t = tensor(new float[] { -3f, 3f, 0f }).reshape(3, 1, 1);
        using Mat m = ImageTensors.ToBgr(t);
        // R = −3 → 0, G = 3 → 255, B = 0 → 128 (rounded), stored B, G, R.
        Assert.Equal(new Vec3b(128, 255, 0), m.At<Vec3b>(0, 0));
    }

    [Fact]
    public void FromBgr_RegionOfInterest_ReadsOnlyTheRegion()
    {
        using var image = new Mat(10, 10, MatType.CV_8UC3, Scalar.All(0));
        using var region = new Mat(image, new Rect(2, 3, 4, 5));
        region.SetTo(Scalar.All(255));
        using Tensor t = ImageTensors.FromBgr(region);
        Assert.Equal(new long[] { 3, 5, 4 }, t.shape);
        Assert.Equal(1f, t.min().item<float>());
    }

    [Fact]
    public void BatchHelpers_RoundTrip()
    {
        using var a = new Mat(8, 8, MatType.CV_8UC3, new Scalar(1, 2, 3));
        using var b = new Mat(8, 8, MatType.CV_8UC3, new Scalar(200, 100, 50));
        using Tensor batch = ImageTensors.FromBgrBatch([a, b]);
        Assert.Equal(new long[] { 2, 3, 8, 8 }, batch.shape);
        Mat[] back = ImageTensors.ToBgrBatch(batch);
        Assert.Equal(new Vec3b(200, 100, 50), back[1].At<Vec3b>(4, 4));
        foreach (Mat m in back)
        {
            m.Dispose();
        }
    }

    [Fact]
    public void FromBgrBatch_DifferentSizes_Throws()
    {
        using var a = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0));
        using var b = new Mat(8, 9, MatType.CV_8UC3, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => ImageTensors.FromBgrBatch([a, b]));
    }

    [Fact]
    public void FromBgr_GreyImage_ThrowsNamingTheType()
    {
        using var grey = new Mat(8, 8, MatType.CV_8UC1, Scalar.All(0));
        ArgumentException ex = Assert.Throws<ArgumentException>(() => ImageTensors.FromBgr(grey));
        Assert.Contains("3-channel", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class SquarePadTests
{
    [Fact]
    public void Apply_MarketCrop_PadsTo128SquareAndShiftsKeypoints()
    {
        using var image = new Mat(128, 64, MatType.CV_8UC3, new Scalar(10, 20, 30));
        PersonPose pose = TestPoses.Only((Coco18.Nose, 32, 10), (Coco18.RHip, 20, 70)).With(Coco18.LEar, Keypoint.Missing);

        (Mat padded, PersonPose shifted, SquarePadding padding) = SquarePad.Apply(image, pose);
        using (padded)
        {
            Assert.Equal(128, padded.Rows);
            Assert.Equal(128, padded.Cols);
            Assert.Equal(new SquarePadding(32, 0, 32, 0, 64, 128), padding);
            Assert.Equal(64f, shifted[Coco18.Nose].X);
            Assert.Equal(10f, shifted[Coco18.Nose].Y);
            Assert.Equal(52f, shifted[Coco18.RHip].X);
            Assert.False(shifted[Coco18.LEar].IsPresent);
            // Replicated border: the padding has the image's colour.
            Assert.Equal(new Vec3b(10, 20, 30), padded.At<Vec3b>(5, 0));

            using Mat back = SquarePad.Crop(padded, padding);
            Assert.Equal(64, back.Cols);
            Assert.Equal(128, back.Rows);
            Assert.Equal(32f, SquarePad.Unshift(shifted, padding)[Coco18.Nose].X);
        }
    }

    [Fact]
    public void Compute_OddDifference_PutsExtraPixelAfter()
    {
        SquarePadding p = SquarePad.Compute(5, 8);
        Assert.Equal((1, 2, 0, 0), (p.Left, p.Right, p.Top, p.Bottom));
        Assert.Equal(8, p.Side);
    }

    [Fact]
    public void Crop_WrongSize_Throws()
    {
        using var square = new Mat(100, 100, MatType.CV_8UC3, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => SquarePad.Crop(square, SquarePad.Compute(64, 128)));
    }
}
