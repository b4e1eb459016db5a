using VUnetStream.Pose.Refining;

namespace VUnetStream.Pose.Tests;

public sealed class CalibrationWindowTests
{
    [Fact]
    public void For_ASmallVideo_HoldsTheAskedSecondsAndMayGrowThreefold()
    {
        var window = CalibrationWindow.For(seconds: 2, fps: 25, width: 256, height: 256);

        Assert.Equal(new CalibrationWindow(50, 150, ShortenedForMemory: false), window);
    }

    [Fact]
    public void For_1080pAt25Fps_KeepsTwoSecondsButCapsTheGrowthAtTheMemoryBudget()
    {
        var window = CalibrationWindow.For(seconds: 2, fps: 25, width: 1920, height: 1080);

        // 512 MiB / 6,220,800 bytes per frame = 86 frames.
        Assert.Equal(new CalibrationWindow(50, 86, ShortenedForMemory: false), window);
        Assert.True(window.MaxFrames * 1920L * 1080 * 3 <= CalibrationWindow.DefaultBudgetBytes);
    }

    [Fact]
    public void For_1080pAt60Fps_ShortensTheWindowToWhatTheBudgetHoldsAndSaysSo()
    {
        var window = CalibrationWindow.For(seconds: 2, fps: 60, width: 1920, height: 1080);

        Assert.Equal(new CalibrationWindow(86, 86, ShortenedForMemory: true), window);
    }

    [Fact]
    public void For_ABudgetBelowOneFrame_StillHoldsOneFrame()
    {
        var window = CalibrationWindow.For(seconds: 2, fps: 25, width: 640, height: 480, budgetBytes: 1000);

        Assert.Equal(new CalibrationWindow(1, 1, ShortenedForMemory: true), window);
    }
}
