using OpenCvSharp;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Segmentation;

namespace VUnetStream.Pose.Tests;

/// <summary>Mapping a region's 256² mask back onto the frame, without the network.</summary>
public sealed class RegionSegmentationTests
{
    // Person (logit +10) in the network input's square u, v ∈ [16, 80), background (−10) elsewhere.
    private static float[] SquareLogits()
    {
        var logits = new float[PoseRegion.InputSize * PoseRegion.InputSize];
        for (int v = 0; v < PoseRegion.InputSize; v++)
        {
            for (int u = 0; u < PoseRegion.InputSize; u++)
            {
                logits[v * PoseRegion.InputSize + u] = u is >= 16 and < 80 && v is >= 16 and < 80 ? 10f : -10f;
            }
        }

        return logits;
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(1.5707964f)]
    [InlineData(-2.5f)]
    public void RotatedScaledRegion_MaskLandsWhereTheCropCameFrom(float rotation)
    {
        var region = new PoseRegion(300, 220, 128, rotation); // half scale: 64 input px → 32 frame px
        using PersonMask mask = new RegionSegmentation(SquareLogits(), region).ToFrame(640, 480);

        Point2f inside = region.InputToFrame(48, 48), outside = region.InputToFrame(200, 200);
        Assert.Equal(255, mask.Hard.At<byte>((int)MathF.Round(inside.Y), (int)MathF.Round(inside.X)));
        Assert.Equal(0, mask.Hard.At<byte>((int)MathF.Round(outside.Y), (int)MathF.Round(outside.X)));
        Assert.InRange(mask.Area, 32 * 32 * 0.85, 32 * 32 * 1.15);
    }

    [Fact]
    public void RegionReachingOutOfTheFrame_KeepsOnlyThePartInside_AndIsBackgroundBeyondTheRegion()
    {
        // The region's top-left quarter lies left of and above the frame.
        var region = new PoseRegion(10, 10, 256, 0f);
        var logits = Enumerable.Repeat(10f, PoseRegion.InputSize * PoseRegion.InputSize).ToArray();
        using PersonMask mask = new RegionSegmentation(logits, region).ToFrame(300, 200);

        // The whole region is person, so the mask is the region's part in the frame: x, y ∈ [0, 138).
        Assert.InRange(mask.Area, 136 * 136, 140 * 140);
        Assert.Equal(0, mask.Hard.At<byte>(150, 150));
        Assert.Equal(0, mask.Soft.At<byte>(150, 150));
    }

    [Fact]
    public void SoftMask_IsTheSigmoidOfTheLogit()
    {
        var logits = Enumerable.Repeat(1f, PoseRegion.InputSize * PoseRegion.InputSize).ToArray();
        using PersonMask mask = new RegionSegmentation(logits, new PoseRegion(128, 128, 256, 0f)).ToFrame(256, 256);

        Assert.InRange(mask.Soft.At<byte>(128, 128), 185, 187); // 255 · sigmoid(1) = 186.4
        Assert.Equal(255, mask.Hard.At<byte>(128, 128));
    }

    [Fact]
    public void WrongNumberOfLogits_IsRejected()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new RegionSegmentation(new float[100], new PoseRegion(0, 0, 10, 0)));
        Assert.Contains("256", ex.Message, StringComparison.Ordinal);
    }
}
