using System.Globalization;

namespace VUnetStream.Encode;

/// <summary>
/// The ffmpeg command line of <see cref="FfmpegVideoWriter"/>, in the pieces a reader looks for (input,
/// audio, video codec, container), each tested on its own. <see cref="For"/> puts them in ffmpeg's order:
/// options before the inputs they belong to, output options before the output file.
/// </summary>
internal static class FfmpegArguments
{
    /// <summary>Everything, in order, for a video of <paramref name="options"/> written to <paramref name="outputPath"/>.</summary>
    public static IReadOnlyList<string> For(VideoEncodeOptions options, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. Quiet(), .. RawVideoInput(options.Width, options.Height, options.Fps), .. Audio(options.AudioSource),
            .. VideoCodec(options.Preset, options.Crf), .. Container(outputPath)];
    }

    /// <summary>Only errors on stderr (what a failure message shows), never a question on stdin, replace the temporary file.</summary>
    public static IReadOnlyList<string> Quiet() => ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"];

    /// <summary>BGR24 frames of one size at a constant rate through the pipe (the rate is the output's: raw frames carry no time).</summary>
    public static IReadOnlyList<string> RawVideoInput(int width, int height, double fps) =>
        ["-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{width}x{height}", "-r", fps.ToString("0.######", CultureInfo.InvariantCulture), "-i", "pipe:0"];

    /// <summary>
    /// The first audio track of <paramref name="source"/> (if it has one: the '?') re-encoded to AAC, which
    /// every MP4 player reads; the output ends with the shorter of video and audio. None when null.
    /// </summary>
    public static IReadOnlyList<string> Audio(string? source) => source is null
        ? []
        : ["-i", source, "-map", "0:v:0", "-map", "1:a:0?", "-c:a", "aac", "-b:a", "160k", "-shortest"];

    /// <summary>H.264 in yuv420p, the pixel format browsers and phones decode.</summary>
    public static IReadOnlyList<string> VideoCodec(string preset, int crf) =>
        ["-c:v", "libx264", "-preset", preset, "-crf", crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p"];

    /// <summary>MP4 with the index at the front (faststart), so a browser plays it before it has all of it.</summary>
    public static IReadOnlyList<string> Container(string outputPath) => ["-movflags", "+faststart", "-f", "mp4", outputPath];
}
