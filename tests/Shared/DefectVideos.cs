using System.Diagnostics;
using VUnetStream.Encode;

namespace VUnetStream.Tests.Shared;

/// <summary>
/// Videos with the defects every command must refuse or report the same way (issues 10 and 11), one
/// maker for all test projects: a truncated MP4 (its index is at the front, so it still opens and
/// announces every frame) and a variable frame rate; plus the external-tool runner the makers use.
/// </summary>
internal static class DefectVideos
{
    /// <summary>The share of a file's bytes a truncated video keeps: its index and the first frames, not its end.</summary>
    public const double TruncatedFraction = 0.3;

    /// <summary>Cuts the video at <paramref name="path"/> to its first <see cref="TruncatedFraction"/> of bytes, in place.</summary>
    public static string Truncate(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * TruncatedFraction)]);
        return path;
    }

    /// <summary>
    /// <paramref name="frames"/> frames of seeded noise at 160×120: noise compresses badly, so the frames, not
    /// the header and index, are most of the file, and cutting it leaves the index whole.
    /// </summary>
    public static async Task<string> NoiseAsync(string path, int frames, double fps)
    {
        var random = new Random(11);
        await using FfmpegVideoWriter writer = FfmpegVideoWriter.Start(path, new VideoEncodeOptions { Width = 160, Height = 120, Fps = fps });
        for (int i = 0; i < frames; i++)
        {
            byte[] frame = new byte[160 * 120 * 3];
            random.NextBytes(frame);
            await writer.WriteFrameAsync(frame);
        }

        await writer.CompleteAsync();
        return path;
    }

    /// <summary>A <paramref name="frames"/>-frame noise video, truncated (see <see cref="Truncate"/>).</summary>
    public static async Task<string> TruncatedAsync(string path, int frames, double fps) => Truncate(await NoiseAsync(path, frames, fps));

    /// <summary>A 25 frames/s clip re-timed so frames 0-9 come every 40 ms and the rest every 80 ms (frame 10 at 0.80 s, not 0.40 s).</summary>
    public static async Task<string> VariableRateAsync(string path)
    {
        string constant = await NoiseAsync(Path.ChangeExtension(path, ".constant.mp4"), 25, 25);
        VariableRate(constant, path);
        File.Delete(constant);
        return path;
    }

    /// <summary>Writes <paramref name="source"/> (25 frames/s) re-timed as in <see cref="VariableRateAsync"/> to <paramref name="path"/>.</summary>
    public static void VariableRate(string source, string path) =>
        RunTool(FfmpegTool.Path, "-v", "error", "-y", "-i", source,
            "-vf", "setpts='if(lt(N,10),N,N*2)/(25*TB)'", "-vsync", "vfr", "-c:v", "libx264", "-preset", "ultrafast", path);

    /// <summary>Runs an external tool to completion; a non-zero exit fails the test with the tool's standard error.</summary>
    public static void RunTool(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }
}
