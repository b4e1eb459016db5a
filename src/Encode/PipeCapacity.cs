using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace VUnetStream.Encode;

/// <summary>
/// Grows a pipe's kernel buffer (Linux F_SETPIPE_SZ). The default 64 KiB holds a third of a 256² BGR
/// frame, so every frame costs several writer/reader wake-ups and the writer blocks whenever ffmpeg is
/// not running; with room for a few whole frames, an encoder at low priority can catch up in bursts.
/// </summary>
internal static partial class PipeCapacity
{
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ in <fcntl.h> (F_LINUX_SPECIFIC_BASE + 7)

    /// <summary>The largest size an unprivileged process may set (/proc/sys/fs/pipe-max-size on a default kernel).</summary>
    public const int UnprivilegedMaximum = 1 << 20;

    /// <summary>Asks for at least <paramref name="bytes"/> (capped at 1 MiB); returns the size granted, or 0 if unchanged.</summary>
    public static int TryGrow(Stream pipe, int bytes)
    {
        if (!OperatingSystem.IsLinux() || pipe is not PipeStream stream)
        {
            return 0;
        }

        int result = Fcntl((int)stream.SafePipeHandle.DangerousGetHandle(), SetPipeSize, Math.Clamp(bytes, 4096, UnprivilegedMaximum));

        // Failing (an old kernel, a lowered pipe-max-size) only costs speed, so it is not an error.
        return Math.Max(0, result);
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
