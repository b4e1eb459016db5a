namespace VUnetStream.Pose.Refining;

/// <summary>
/// How many frames the retargeting calibration may hold back. Every held pose holds its decoded frame
/// (the video must keep its order), so the window is limited by memory as well as by time: at 1080p a
/// 2 s window at 25 frames/s is 311 MB, and the 3× extension for a dancer who never shows head and feet
/// would be 933 MB. Above the budget the window shrinks (and the job says so) rather than the memory grow.
/// </summary>
public sealed record CalibrationWindow(int Frames, int MaxFrames, bool ShortenedForMemory)
{
    /// <summary>Default memory for held frames: 512 MiB (a 2 s window of 1080p at 25 frames/s with room to grow 1.7×).</summary>
    public const long DefaultBudgetBytes = 512L << 20;

    /// <summary>How much longer than <see cref="Frames"/> the window may grow while no frame shows head and feet.</summary>
    public const int GrowthFactor = 3;

    public static CalibrationWindow For(double seconds, double fps, int width, int height, long budgetBytes = DefaultBudgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetBytes);
        long frameBytes = (long)width * height * 3;
        int affordable = (int)Math.Clamp(budgetBytes / frameBytes, 1, int.MaxValue);
        int wanted = Math.Max(1, (int)Math.Ceiling(seconds * fps));
        int frames = Math.Min(wanted, affordable);
        int max = (int)Math.Min((long)frames * GrowthFactor, affordable);
        return new CalibrationWindow(frames, max, frames < wanted);
    }
}
