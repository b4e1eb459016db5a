using System.Diagnostics;
using System.Globalization;

namespace VUnetStream.Encode;

/// <summary>Where a video's own frame times leave the constant-rate timeline the pipeline encodes on.</summary>
/// <param name="Frame">The first frame (in presentation order) that is off by more than half a frame.</param>
/// <param name="SourceSeconds">When the source shows it, from the first frame.</param>
/// <param name="ConstantRateSeconds">When it would be shown at the constant rate.</param>
public sealed record FrameTimingDrift(int Frame, double SourceSeconds, double ConstantRateSeconds);

/// <summary>
/// Detects variable-frame-rate video before a job starts. The pipeline feeds ffmpeg raw frames at one
/// constant rate, so a source whose frames are unevenly spaced would drift against its own timeline and
/// its audio; such input is refused (with the command that converts it) rather than silently re-timed.
/// Reads the packets' presentation times with ffprobe (demuxing only, no decoding: fast on long files).
/// </summary>
public static class FrameTiming
{
    /// <summary>The first frame that a constant <paramref name="fps"/> would move by more than half a frame, or null.</summary>
    public static FrameTimingDrift? FindDrift(string path, double fps)
    {
        if (!(fps > 0))
        {
            return null;
        }

        IReadOnlyList<double>? times = PresentationTimes(path);
        if (times is null || times.Count < 2)
        {
            return null; // no timestamps to judge by (raw streams): decoded at the container's rate as before
        }

        double first = times[0];
        for (int i = 1; i < times.Count; i++)
        {
            double source = times[i] - first, constant = i / fps;
            if (Math.Abs(source - constant) > 0.5 / fps)
            {
                return new FrameTimingDrift(i, source, constant);
            }
        }

        return null;
    }

    /// <summary>
    /// Refuses a variable-frame-rate video before any work, with the conversion command; every job that
    /// re-encodes a video at its constant rate (transfer-video, pose) refuses it here, in the same words.
    /// </summary>
    public static void ThrowIfVariable(string path, double fps)
    {
        if (FindDrift(path, fps) is FrameTimingDrift drift)
        {
            throw new InvalidDataException(Describe(path, fps, drift));
        }
    }

    /// <summary>The message a job fails with for <paramref name="drift"/>.</summary>
    public static string Describe(string path, double fps, FrameTimingDrift drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        string rate = fps.ToString("0.###", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"video '{path}' has a variable frame rate: frame {drift.Frame} is shown at {drift.SourceSeconds:0.00} s, but the output runs at a constant {rate} frames/s " +
            $"and would show it at {drift.ConstantRateSeconds:0.00} s, so the motion would drift against the video's timeline and its audio. " +
            $"Convert it to a constant rate first: ffmpeg -i '{path}' -vf fps={rate} -c:a copy constant-rate.mp4");
    }

    /// <summary>The first video stream's presentation times in seconds, sorted; null when ffprobe gives none.</summary>
    private static List<double>? PresentationTimes(string path)
    {
        var start = new ProcessStartInfo(FfmpegTool.ProbePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path })
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot run ffprobe ({FfmpegTool.ProbePath}): {ex.Message}. Run ./scripts/setup.sh, which installs Debian's ffmpeg.", ex);
        }

        using (process)
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            var times = new List<double>();
            bool complete = true;
            while (process.StandardOutput.ReadLine() is string line)
            {
                if (double.TryParse(line.Trim().TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
                {
                    times.Add(t);
                }
                else if (line.Trim().Length > 0)
                {
                    complete = false; // "N/A": a packet without a time
                }
            }

            process.WaitForExit();
            _ = stderr.Result;
            if (!complete || times.Count == 0)
            {
                return null;
            }

            times.Sort();
            return times;
        }
    }
}
