namespace VUnetStream.Ingest;

/// <summary>What the decoder reports about a video before reading it.</summary>
/// <param name="FrameCount">The container's frame count; an estimate for some formats, -1 when unknown.</param>
public sealed record VideoInfo(string Path, int Width, int Height, double Fps, int FrameCount)
{
    public TimeSpan Duration => FrameCount > 0 && Fps > 0 ? TimeSpan.FromSeconds(FrameCount / Fps) : TimeSpan.Zero;
}
