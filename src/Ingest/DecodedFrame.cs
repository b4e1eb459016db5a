using OpenCvSharp;

namespace VUnetStream.Ingest;

/// <summary>
/// One decoded frame: of a video, or one image of a set. <see cref="Index"/> is its position in the source
/// (0-based) and is what keeps order through the pipeline; the frame owns <see cref="Image"/> (BGR, CV_8UC3)
/// until disposed.
/// </summary>
/// <param name="name">What reports call the frame: an image's file name; for video null, which gives "frame N".</param>
public sealed class DecodedFrame(int index, TimeSpan timestamp, Mat image, string? name = null) : IDisposable
{
    public int Index { get; } = index;

    public TimeSpan Timestamp { get; } = timestamp;

    public Mat Image { get; } = image;

    /// <summary>The image's file name, or for a video frame "frame N".</summary>
    public string Name { get; } = name ?? $"frame {index}";

    public void Dispose() => Image.Dispose();
}
