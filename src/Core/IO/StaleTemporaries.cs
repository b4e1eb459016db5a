using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VUnetStream.Core.IO;

/// <summary>
/// The temporaries this project writes beside an output (<c>.NAME.partial-PID[.ext]</c> while it is
/// written, <c>.NAME.replaced-PID</c> while an old folder is swapped out) carry the writer's process id.
/// A run that was killed (SIGKILL, power loss) cannot remove its own, so the next run that writes the
/// same output removes every one of its temporaries whose process is gone. A temporary of a process that is still alive is
/// left alone: another run may be writing it right now.
/// </summary>
public static class StaleTemporaries
{
    /// <summary>Where <paramref name="finalPath"/> is moved while its replacement is renamed into place.</summary>
    public static string ReplacedPathFor(string finalPath)
    {
        string full = Path.GetFullPath(finalPath).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.replaced-{Environment.ProcessId}");
    }

    /// <summary>
    /// Removes the temporaries of dead processes for the output <paramref name="finalPath"/> (only its own
    /// names: other programs' files that merely look similar are never touched); returns what it removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveFor(string finalPath)
    {
        string full = Path.GetFullPath(finalPath).TrimEnd(Path.DirectorySeparatorChar);
        string? folder = Path.GetDirectoryName(full);
        var removed = new List<string>();
        if (folder is null || !Directory.Exists(folder))
        {
            return removed;
        }

        Regex[] names = NamesFor(Path.GetFileName(full));
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder, ".*"))
        {
            Match match = names.Select(n => n.Match(Path.GetFileName(entry))).FirstOrDefault(m => m.Success) ?? Match.Empty;
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
                // Already gone, or not ours to remove after all: either way nothing to insist on.
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

    /// <summary>
    /// The temporary names of output <paramref name="file"/>: <see cref="AtomicFile"/>'s and the video
    /// writer's <c>.STEM.partial-PID.EXT</c> (the writer adds <c>.mp4</c> to a name without one), and
    /// <see cref="StagedDirectory"/>'s <c>.NAME.partial-PID</c> and <c>.NAME.replaced-PID</c>.
    /// </summary>
    private static Regex[] NamesFor(string file)
    {
        string stem = Regex.Escape(Path.GetFileNameWithoutExtension(file)), extension = Path.GetExtension(file);
        string fileExtension = extension.Length > 0 ? Regex.Escape(extension) : @"(\.mp4)?";
        return
        [
            new Regex($@"^\.{stem}\.partial-(?<pid>[0-9]{{1,9}}){fileExtension}$", RegexOptions.CultureInvariant),
            new Regex($@"^\.{Regex.Escape(file)}\.(partial|replaced)-(?<pid>[0-9]{{1,9}})$", RegexOptions.CultureInvariant),
        ];
    }
}
