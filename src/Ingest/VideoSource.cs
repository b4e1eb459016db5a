using OpenCvSharp;

namespace VUnetStream.Ingest;

/// <summary>
/// Reads frames from a video file with OpenCV's bundled FFmpeg, optionally downscaling frames whose
/// longer side exceeds a limit. Opening checks the file up front so bad input fails with a clear message
/// before any work starts.
/// </summary>
public sealed class VideoSource : IDisposable
{
    private readonly VideoCapture _capture;
    private readonly double _scale;

    private VideoSource(VideoCapture capture, VideoInfo info, VideoInfo sourceInfo, double scale)
    {
        _capture = capture;
        Info = info;
        SourceInfo = sourceInfo;
        _scale = scale;
    }

    /// <summary>The frames as this source delivers them (after any downscaling).</summary>
    public VideoInfo Info { get; }

    /// <summary>The frames as stored in the file.</summary>
    public VideoInfo SourceInfo { get; }

    public bool IsDownscaled => _scale < 1.0;

    /// <summary>Frames <see cref="ReadFrames"/> has delivered so far (to compare with <see cref="VideoInfo.FrameCount"/>).</summary>
    public int FramesRead { get; private set; }

    /// <summary>Opens <paramref name="path"/>. Frames larger than <paramref name="maxSide"/> are downscaled (0 = never).</summary>
    public static VideoSource Open(string path, int maxSide = 0)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"video '{path}' not found", path);
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new InvalidDataException($"video '{path}' is an empty file");
        }

        var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new InvalidDataException($"video '{path}' cannot be decoded (not a video, or a corrupt or unsupported file)");
        }

        int width = capture.FrameWidth, height = capture.FrameHeight;
        double fps = capture.Fps;
        int frames = capture.FrameCount;
        if (width <= 0 || height <= 0)
        {
            capture.Dispose();
            throw new InvalidDataException($"video '{path}' has no video stream with a frame size");
        }

        if (!(fps > 0 && fps < 1000))
        {
            fps = 25; // Some containers (raw streams) carry no rate; 25 fps is FFmpeg's own default.
        }

        var source = new VideoInfo(path, width, height, fps, frames > 0 ? frames : -1);
        double scale = maxSide > 0 && Math.Max(width, height) > maxSide ? (double)maxSide / Math.Max(width, height) : 1.0;
        VideoInfo delivered = scale < 1.0
            ? source with { Width = Even(width * scale), Height = Even(height * scale) }
            : source;
        return new VideoSource(capture, delivered, source, scale);
    }

    /// <summary>Reads the frames in order. Throws if the video yields no frame at all.</summary>
    public IEnumerable<DecodedFrame> ReadFrames(CancellationToken cancellationToken = default)
    {
        int index = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = new Mat();
            if (!_capture.Read(image) || image.Empty())
            {
                image.Dispose();
                break;
            }

            if (_scale < 1.0)
            {
                var resized = new Mat();
                Cv2.Resize(image, resized, new Size(Info.Width, Info.Height), interpolation: InterpolationFlags.Area);
                image.Dispose();
                image = resized;
            }
            else if (image.Width != Info.Width || image.Height != Info.Height)
            {
                // A stream whose size changes mid-way: keep the output size constant.
                var resized = new Mat();
                Cv2.Resize(image, resized, new Size(Info.Width, Info.Height));
                image.Dispose();
                image = resized;
            }

            yield return new DecodedFrame(index, TimeSpan.FromSeconds(index / Info.Fps), image);
            index++;
            FramesRead = index;
        }

        if (index == 0)
        {
            throw new InvalidDataException($"video '{Info.Path}' has no decodable frames");
        }
    }

    public void Dispose() => _capture.Dispose();

    private static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);
}
