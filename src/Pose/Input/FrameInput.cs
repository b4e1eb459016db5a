using OpenCvSharp;
using VUnetStream.Core.Formats;
using VUnetStream.Ingest;

namespace VUnetStream.Pose.Input;

/// <summary>What a pose input path holds.</summary>
public enum FrameInputKind
{
    Video,
    Image,
    ImageFolder,
}

/// <summary>
/// The frames of a pose job's input, as Ingest's <see cref="DecodedFrame"/>s: a video (decoded by
/// <see cref="VideoSource"/>), one image, or a folder of images (read in name order; each frame is named
/// after its file). Opening checks the input, so a missing, empty or undecodable file fails at once with
/// a message naming it. A video that ends clearly before its announced frame count fails when read to its
/// end, as in the pipeline (<see cref="DecodeCompleteness"/>), unless opened with allowPartial.
/// </summary>
internal sealed class FrameInput : IDisposable
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"];
    private readonly VideoSource? _video;
    private readonly IReadOnlyList<string> _images;
    private readonly bool _allowPartial;

    private FrameInput(string path, FrameInputKind kind, VideoSource? video, IReadOnlyList<string> images, bool allowPartial)
    {
        Path = path;
        Kind = kind;
        _video = video;
        _images = images;
        _allowPartial = allowPartial;
    }

    public string Path { get; }

    public FrameInputKind Kind { get; }

    /// <summary>The video's frame rate; for images 0 (they are not a clip).</summary>
    public double Fps => _video?.Info.Fps ?? 0;

    /// <summary>The number of frames when known (the container's count for video), else −1.</summary>
    public int Count => _video?.Info.FrameCount ?? _images.Count;

    /// <summary>Video frames decoded so far (0 for images), to set against <see cref="Count"/>.</summary>
    public int FramesRead => _video?.FramesRead ?? 0;

    /// <summary>Whether the video, read to its end, stopped clearly before its announced count (kept only with allowPartial).</summary>
    public bool EndedEarly => _video is not null && DecodeCompleteness.EndedEarly(_video);

    /// <summary>The video's frame size (images may differ from each other: 0×0).</summary>
    public Size VideoSize => _video is null ? default : new Size(_video.Info.Width, _video.Info.Height);

    public static bool IsImageFile(string path) =>
        ImageExtensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// Opens <paramref name="path"/>. With <paramref name="allowPartial"/> a video that ends early gives the
    /// frames that decode (the caller warns, see <see cref="EndedEarly"/>) instead of failing.
    /// </summary>
    public static FrameInput Open(string path, bool allowPartial = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            string[] images = Directory.EnumerateFiles(path).Where(IsImageFile).Order(StringComparer.Ordinal).ToArray();
            if (images.Length == 0)
            {
                throw new InvalidDataException($"folder '{path}' has no images ({string.Join(", ", ImageExtensions)})");
            }

            return new FrameInput(path, FrameInputKind.ImageFolder, null, images, allowPartial);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"input '{path}' not found", path);
        }

        if (IsImageFile(path))
        {
            return new FrameInput(path, FrameInputKind.Image, null, [path], allowPartial);
        }

        return new FrameInput(path, FrameInputKind.Video, VideoSource.Open(path), [], allowPartial);
    }

    /// <summary>The OpenPose JSON file name for a frame: OpenPose's video naming, or the image's stem.</summary>
    public string KeypointFileName(DecodedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Kind == FrameInputKind.Video
            ? OpenPoseJson.FrameFileName(System.IO.Path.GetFileNameWithoutExtension(Path), frame.Index)
            : System.IO.Path.GetFileNameWithoutExtension(frame.Name) + "_keypoints.json";
    }

    /// <summary>
    /// Reads the frames in order. An image that cannot be decoded is an error naming it; so is a video that,
    /// read to its end, stopped early (unless opened with allowPartial). Images carry no time (zero).
    /// </summary>
    public IEnumerable<DecodedFrame> Read(CancellationToken cancellationToken = default)
    {
        if (_video is not null)
        {
            foreach (DecodedFrame frame in _video.ReadFrames(cancellationToken))
            {
                yield return frame;
            }

            DecodeCompleteness.ThrowIfEndedEarly(_video, _allowPartial);
            yield break;
        }

        for (int i = 0; i < _images.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new DecodedFrame(i, TimeSpan.Zero, ReadImage(_images[i]), System.IO.Path.GetFileName(_images[i]));
        }
    }

    /// <summary>Reads an image as BGR; a missing or undecodable file is an error naming it.</summary>
    public static Mat ReadImage(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image '{path}' not found", path);
        }

        Mat image = Cv2.ImRead(path, ImreadModes.Color);
        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidDataException($"image '{path}' cannot be decoded (corrupt or not an image)");
        }

        return image;
    }

    public void Dispose() => _video?.Dispose();
}
