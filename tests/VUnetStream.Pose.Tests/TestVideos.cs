using System.Diagnostics;
using VUnetStream.Encode;

namespace VUnetStream.Pose.Tests;

/// <summary>
/// Small videos with a defect, made as the Application tests make them for transfer-video (issue 10): a
/// truncated MP4 (its index is at the front, so it still opens and announces every frame) and one with a
/// variable frame rate.
/// </summary>
internal static class TestVideos
{
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

    /// <summary>A <paramref name="frames"/>-frame noise video cut to its first 30% of bytes.</summary>
    public static async Task<string> TruncatedAsync(string path, int frames, double fps)
    {
        await NoiseAsync(path, frames, fps);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 3 / 10)]);
        return path;
    }

    /// <summary>A 25 frames/s clip re-timed so frames 0-9 come every 40 ms and the rest every 80 ms (frame 10 at 0.80 s, not 0.40 s).</summary>
    public static async Task<string> VariableRateAsync(string path)
    {
        string constant = await NoiseAsync(Path.ChangeExtension(path, ".constant.mp4"), 25, 25);
        Run(FfmpegTool.Path, "-v", "error", "-y", "-i", constant,
            "-vf", "setpts='if(lt(N,10),N,N*2)/(25*TB)'", "-vsync", "vfr", "-c:v", "libx264", "-preset", "ultrafast", path);
        File.Delete(constant);
        return path;
    }

    private static void Run(string program, params string[] args)
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
