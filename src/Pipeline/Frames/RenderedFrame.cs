using OpenCvSharp;

namespace VUnetStream.Pipeline.Frames;

/// <summary>A posed frame together with the generator's output G(ŷ, z) (BGR, model size).</summary>
public sealed class RenderedFrame(PosedFrame posed, Mat result) : IDisposable
{
    public PosedFrame Posed { get; } = posed;

    public int Index => Posed.Index;

    public Mat Result { get; } = result;

    public void Dispose()
    {
        Posed.Dispose();
        Result.Dispose();
    }
}
