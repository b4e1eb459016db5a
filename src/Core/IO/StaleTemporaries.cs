using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VUnetStream.Core.IO;

/// <summary>
/// The temporaries this project writes beside an output (<c>.NAME.partial-PID[.ext]</c> while it is
/// written, <c>.NAME.replaced-PID</c> while an old folder is swapped out) carry the writer's process id.
/// A run that was killed (SIGKILL, power loss) cannot remove its own, so the next run into the same
/// folder removes every one whose process is gone. A temporary of a process that is still alive is
/// left alone: another run may be writing it right now.
/// </summary>
public static partial class StaleTemporaries
{
    /// <summary>Where <paramref name="finalPath"/> is moved while its replacement is renamed into place.</summary>
    public static string ReplacedPathFor(string finalPath)
    {
        string full = Path.GetFullPath(finalPath).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.replaced-{Environment.ProcessId}");
    }

    /// <summary>Removes the temporaries of dead processes directly in <paramref name="folder"/>; returns what it removed.</summary>
    public static IReadOnlyList<string> RemoveIn(string folder)
    {
        var removed = new List<string>();
        if (!Directory.Exists(folder))
        {
            return removed;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(folder, ".*"))
        {
            Match match = TemporaryName().Match(Path.GetFileName(entry));
            if (!match.Success || !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || IsAlive(pid))
            {
                continue;
            }

            try
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }

                removed.Add(entry);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's file we may not touch, or already gone: either way not ours to insist on.
            }
        }

        return removed;
    }

    /// <summary>Whether a process with this id is running.</summary>
    public static bool IsAlive(int pid)
    {
        if (Directory.Exists("/proc/self"))
        {
            return Directory.Exists($"/proc/{pid}");
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.(partial|replaced)-(?<pid>[0-9]{1,9})(\.[A-Za-z0-9]{1,8})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
