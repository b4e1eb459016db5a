using OpenCvSharp;
using VUnetStream.Pose.Segmentation;

namespace VUnetStream.Pose.Tests;

public sealed class MaskScoresTests
{
    private static Mat Box(Rect box)
    {
        var mask = new Mat(256, 256, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(mask, box, Scalar.All(255), -1);
        return mask;
    }

    [Fact]
    public void HalfOverlappingBoxes_HaveIouOneThird()
    {
        using Mat a = Box(new Rect(0, 0, 100, 100)), b = Box(new Rect(50, 0, 100, 100));

        Assert.Equal(1.0 / 3.0, MaskScores.Iou(a, b), 6);
    }

    [Fact]
    public void IdenticalMasks_ScoreOne_AndAShiftBeyondTheToleranceLowersBoundaryF()
    {
        using Mat a = Box(new Rect(40, 40, 120, 120)), same = a.Clone(), shifted = Box(new Rect(50, 40, 120, 120));

        Assert.Equal(new MaskScore(1.0, 1.0), MaskScores.Score(a, same));
        MaskScore moved = MaskScores.Score(a, shifted);
        // Only the top and bottom edges still match (the vertical ones are 10 px apart, tolerance 3 px).
        Assert.InRange(moved.BoundaryF, 0.3, 0.7);
        Assert.InRange(moved.Iou, 0.84, 0.86);
    }

    [Fact]
    public void BothEmpty_ScoreOne_OneEmpty_ScoresZero()
    {
        using var empty = new Mat(256, 256, MatType.CV_8UC1, Scalar.All(0));
        using var other = new Mat(256, 256, MatType.CV_8UC1, Scalar.All(0));
        using Mat full = Box(new Rect(10, 10, 50, 50));

        Assert.Equal(new MaskScore(1.0, 1.0), MaskScores.Score(empty, other));
        Assert.Equal(new MaskScore(0.0, 0.0), MaskScores.Score(empty, full));
    }

    [Fact]
    public void MasksOfDifferentSizes_AreRejectedNamingBothSizes()
    {
        using var a = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(0));
        using var b = new Mat(20, 10, MatType.CV_8UC1, Scalar.All(0));

        ArgumentException ex = Assert.Throws<ArgumentException>(() => MaskScores.Score(a, b));
        Assert.Contains("10x10", ex.Message, StringComparison.Ordinal);
        Assert.Contains("10x20", ex.Message, StringComparison.Ordinal);
    }
}
