namespace VUnetStream.Encode;

/// <summary>Locates Debian's ffmpeg (override with the VUNET_FFMPEG environment variable).</summary>
public static class FfmpegTool
{
    public static string Path { get; } = Resolve("VUNET_FFMPEG", "ffmpeg");

    public static string ProbePath { get; } = Resolve("VUNET_FFPROBE", "ffprobe");

    /// <summary>coreutils' nice(1), used to start ffmpeg at a lower priority; null when it is not on PATH.</summary>
    public static string? NicePath { get; } = Find("nice");

    /// <summary>util-linux's chrt(1), used to start ffmpeg under SCHED_IDLE; null when it is not on PATH.</summary>
    public static string? ChrtPath { get; } = Find("chrt");

    private static string Resolve(string variable, string name)
    {
        string? configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return Find(name) ?? name;
    }

    private static string? Find(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(System.IO.Path.PathSeparator))
        {
            string candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
