using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace VUnetStream.Encode;

/// <summary>Facts about a media file as ffprobe reports them.</summary>
public sealed record MediaInfo(int Width, int Height, double Fps, int FrameCount, double DurationSeconds, bool HasAudio, string VideoCodec, string PixelFormat);

/// <summary>Reads a media file's streams with Debian's ffprobe (counting frames exactly).</summary>
public static class MediaProbe
{
    public static MediaInfo Probe(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"media file '{path}' not found", path);
        }

        var start = new ProcessStartInfo(FfmpegTool.ProbePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-v", "error", "-count_frames", "-show_streams", "-show_format", "-of", "json", path })
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe did not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidDataException($"ffprobe cannot read '{path}': {stderr.Result.Trim()}");
        }

        JsonNode root = JsonNode.Parse(output) ?? throw new InvalidDataException($"ffprobe gave no output for '{path}'");
        JsonArray streams = root["streams"]?.AsArray() ?? [];
        JsonNode video = streams.FirstOrDefault(s => (string?)s?["codec_type"] == "video")
            ?? throw new InvalidDataException($"'{path}' has no video stream");
        bool hasAudio = streams.Any(s => (string?)s?["codec_type"] == "audio");
        double duration = ParseDouble((string?)root["format"]?["duration"]);
        return new MediaInfo(
            (int?)video["width"] ?? 0,
            (int?)video["height"] ?? 0,
            ParseRate((string?)video["avg_frame_rate"] ?? (string?)video["r_frame_rate"]),
            (int)ParseDouble((string?)video["nb_read_frames"] ?? (string?)video["nb_frames"]),
            duration,
            hasAudio,
            (string?)video["codec_name"] ?? "",
            (string?)video["pix_fmt"] ?? "");
    }

    private static double ParseRate(string? rate)
    {
        if (rate is null)
        {
            return 0;
        }

        string[] parts = rate.Split('/');
        double n = ParseDouble(parts[0]);
        double d = parts.Length > 1 ? ParseDouble(parts[1]) : 1;
        return d == 0 ? 0 : n / d;
    }

    private static double ParseDouble(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0;
}
