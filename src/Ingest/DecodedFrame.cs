using OpenCvSharp;

namespace VUnetStream.Ingest;

/// <summary>
/// One decoded video frame. <see cref="Index"/> is its position in the source (0-based) and is what
/// keeps order through the pipeline; the frame owns <see cref="Image"/> (BGR, CV_8UC3) until disposed.
/// </summary>
public sealed class DecodedFrame(int index, TimeSpan timestamp, Mat image) : IDisposable
{
    public int Index { get; } = index;

    public TimeSpan Timestamp { get; } = timestamp;

    public Mat Image { get; } = image;

    public void Dispose() => Image.Dispose();
}
