namespace VUnetStream.Encode;

/// <summary>
/// The CPU priority ffmpeg runs at. The renderer's threads meet at a barrier after every parallel
/// operation, so an encoder thread that preempts one of them stalls all of them; an encoder below the
/// renderer's priority instead takes the cycles the renderer leaves (its serial stretches, and the waits
/// when the encoder has fallen behind and backpressure stops the renderer). The encoder cannot starve:
/// a full pipe stops the renderer, which frees the cores.
/// </summary>
public enum EncoderPriority
{
    /// <summary>The same priority as this process.</summary>
    Normal,

    /// <summary>
    /// nice 19: about 1.5% of a core's time when a normal thread also wants it, but never none, so other
    /// busy processes on the machine slow the encoder down without stopping it. The default: as fast here
    /// as <see cref="Idle"/> (30 s clip, 3 alternating runs each: 42.4-46.8 vs 43.0-46.2 frames/s),
    /// where nice 10 gave 41.5-42.9.
    /// </summary>
    Low,

    /// <summary>
    /// SCHED_IDLE (chrt --idle): runs only on cores nothing else wants; on a machine busy with other work
    /// the encoder waits for all of it.
    /// </summary>
    Idle,
}

/// <summary>Parsing and the launcher command for <see cref="EncoderPriority"/>.</summary>
public static class EncoderPriorities
{
    // A sandbox may forbid sched_setscheduler; chrt would then exit before ffmpeg starts and the job
    // would fail at its first frame. One probe per process decides whether idle priority is usable.
    private static readonly Lazy<bool> IdleWorks = new(() => FfmpegTool.ChrtPath is { } chrt && Succeeds(chrt, "--idle", "0", "true"));

    public static EncoderPriority Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "normal" => EncoderPriority.Normal,
        "low" => EncoderPriority.Low,
        "idle" => EncoderPriority.Idle,
        _ => throw new ArgumentException($"unknown encoder priority '{text}' (use idle, low or normal)"),
    };

    /// <summary>The name <see cref="Parse"/> reads back.</summary>
    public static string Name(EncoderPriority priority) => priority.ToString().ToLowerInvariant();

    /// <summary>
    /// The program and arguments that start <paramref name="program"/> at <paramref name="priority"/>:
    /// chrt(1) or nice(1) (util-linux and coreutils, both essential on Debian) set it before the program
    /// starts, so every thread it creates inherits it. Where idle priority cannot be set, Idle falls back to
    /// nice 19; without nice the program runs at normal priority.
    /// </summary>
    public static (string Program, IReadOnlyList<string> Arguments) Launcher(EncoderPriority priority, string program) => priority switch
    {
        EncoderPriority.Idle when IdleWorks.Value => (FfmpegTool.ChrtPath!, ["--idle", "0", program]),
        EncoderPriority.Low or EncoderPriority.Idle when FfmpegTool.NicePath is { } nice => (nice, ["-n", "19", program]),
        _ => (program, []),
    };

    private static bool Succeeds(string program, params string[] arguments)
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using var process = System.Diagnostics.Process.Start(start);
            if (process is null)
            {
                return false;
            }

            process.StandardError.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
