namespace VUnetStream.Encode;

/// <summary>Locates Debian's ffmpeg (override with the VUNET_FFMPEG environment variable).</summary>
public static class FfmpegTool
{
    public static string Path { get; } = Resolve("VUNET_FFMPEG", "ffmpeg");

    public static string ProbePath { get; } = Resolve("VUNET_FFPROBE", "ffprobe");

    private static string Resolve(string variable, string name)
    {
        string? configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(System.IO.Path.PathSeparator))
        {
            string candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return name;
    }
}
