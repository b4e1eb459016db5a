using OpenCvSharp;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Pose.Tests;

public sealed class PoseRegionTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(0.7f)]
    [InlineData(-2.1f)]
    public void InputToFrame_IsTheInverseOfTheCropMap(float rotation)
    {
        var region = new PoseRegion(300, 200, 180, rotation);
        using Mat m = region.FrameToInput();
        var frame = new Point2f(260, 250);
        double u = m.At<double>(0, 0) * frame.X + m.At<double>(0, 1) * frame.Y + m.At<double>(0, 2);
        double v = m.At<double>(1, 0) * frame.X + m.At<double>(1, 1) * frame.Y + m.At<double>(1, 2);

        Point2f back = region.InputToFrame((float)u, (float)v);

        Assert.Equal(frame.X, back.X, 3);
        Assert.Equal(frame.Y, back.Y, 3);
    }

    [Fact]
    public void FromAlignmentPoints_UprightBody_HasNoRotationAndEnlargedDiameter()
    {
        PoseRegion region = PoseRegion.FromAlignmentPoints(new Point2f(100, 200), new Point2f(100, 120), rotate: true);

        Assert.Equal(0f, region.Rotation, 4);
        Assert.Equal(2 * 80 * PoseRegion.TrackingMargin, region.Side, 3);
        Assert.Equal(100f, region.CenterX);
        Assert.Equal(200f, region.CenterY);
    }

    [Fact]
    public void FromAlignmentPoints_BodyLyingRight_MapsTheHeadDirectionToUpInTheCrop()
    {
        // Head to the right of the hips: the crop must turn it so the head is straight above the hips.
        var hip = new Point2f(100, 100);
        var circle = new Point2f(160, 100);
        PoseRegion region = PoseRegion.FromAlignmentPoints(hip, circle, rotate: true);
        using Mat m = region.FrameToInput();
        double u = m.At<double>(0, 0) * circle.X + m.At<double>(0, 1) * circle.Y + m.At<double>(0, 2);
        double v = m.At<double>(1, 0) * circle.X + m.At<double>(1, 1) * circle.Y + m.At<double>(1, 2);

        Assert.Equal(PoseRegion.InputSize / 2.0, u, 3);
        Assert.True(v < PoseRegion.InputSize / 2.0 - 10, $"circle point should be above the centre in the crop, v = {v}");
    }

    [Fact]
    public void Crop_OutsideTheFrame_IsBlack()
    {
        using var frame = new Mat(100, 100, MatType.CV_8UC3, new Scalar(200, 200, 200));
        using Mat crop = new PoseRegion(0, 0, 100, 0).Crop(frame);

        Assert.Equal(PoseRegion.InputSize, crop.Width);
        Assert.Equal(0, crop.At<Vec3b>(10, 10).Item0);
        Assert.Equal(200, crop.At<Vec3b>(250, 250).Item0);
    }
}
