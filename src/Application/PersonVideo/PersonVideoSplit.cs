using System.Globalization;
using VUnetStream.Ingest;

namespace VUnetStream.Application.PersonVideo;

/// <summary>
/// The video a person model was learnt from, as far as needed to recognise it again: its file's full path and size,
/// frame count, rate and frame size (a re-encoded or trimmed copy differs in size or count, and the recorded split
/// would then cut it elsewhere).
/// </summary>
public sealed record VideoIdentity(string Path, long Bytes, int Frames, double Fps, int Width, int Height)
{
    public static VideoIdentity Of(string path, VideoInfo info, int frames)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new VideoIdentity(System.IO.Path.GetFullPath(path), new FileInfo(path).Length, frames, info.Fps, info.Width, info.Height);
    }

    /// <summary>Why <paramref name="other"/> is not this video (null when it is); the path may differ (a moved file).</summary>
    public string? Mismatch(VideoIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Bytes != Bytes || other.Frames != Frames || other.Width != Width || other.Height != Height)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"'{other.Path}' is {other.Bytes} bytes, {other.Frames} frames of {other.Width}x{other.Height}, but the recorded video '{Path}' was {Bytes} bytes, {Frames} frames of {Width}x{Height}");
        }

        return null;
    }
}

/// <summary>
/// Where a person's video is cut into training and held-out frames: frames [0, <see cref="HoldoutStart"/>) may be
/// trained on, the last ones from <see cref="HoldoutStart"/> on (the last <see cref="Holdout"/> of the video) never are.
/// </summary>
public sealed record PersonVideoSplit(double Holdout, int Frames, int HoldoutStart)
{
    public int HoldoutFrames => Frames - HoldoutStart;

    /// <summary>The split of a video of <paramref name="frames"/> frames that holds out its last <paramref name="holdout"/> (0 = none).</summary>
    public static PersonVideoSplit Of(int frames, double holdout, bool needHoldout)
    {
        if (!(holdout >= 0 && holdout < 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--holdout must be a fraction in [0, 1) of the video, got {holdout}"));
        }

        if (needHoldout && holdout <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--holdout must be above 0 (the share of the video to score), got {holdout}"));
        }

        int start = (int)Math.Floor(frames * (1 - holdout) + 1e-9);
        if (start < 1)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"--holdout {holdout} of a {frames}-frame video leaves no frame to learn the person from"));
        }

        if (holdout > 0 && start >= frames)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"--holdout {holdout} of a {frames}-frame video holds out no frame; use a larger fraction or a longer video"));
        }

        return new PersonVideoSplit(holdout, frames, start);
    }
}
