using System.IO.Compression;

namespace VUnetStream.Cli.Batch;

/// <summary>
/// Extracts the videos of a zip into a folder, after checking every entry: a name that is absolute or
/// climbs out of the folder (<c>../x.mp4</c>, "zip slip") refuses the whole archive before anything is
/// written, since such an archive was made to write elsewhere. Other files (readme, photos) are ignored.
/// </summary>
internal static class ZipVideos
{
    public static IReadOnlyList<BatchVideo> Extract(string zipPath, string folder)
    {
        string root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        using ZipArchive zip = ZipFile.OpenRead(zipPath);
        var planned = new List<(ZipArchiveEntry Entry, string Target)>();
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            string target = SafeTarget(entry.FullName, root, zipPath);
            if (entry.FullName.EndsWith('/') || !BatchInputs.IsVideoName(entry.FullName))
            {
                continue;
            }

            planned.Add((entry, target));
        }

        var videos = new List<BatchVideo>();
        foreach ((ZipArchiveEntry entry, string target) in planned.OrderBy(p => p.Entry.FullName, StringComparer.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);

            // Only the bytes are copied: no permissions, times or link targets from the archive.
            using (Stream source = entry.Open())
            using (FileStream destination = new(target, FileMode.CreateNew, FileAccess.Write))
            {
                source.CopyTo(destination);
            }

            videos.Add(new BatchVideo(entry.FullName, target));
        }

        return videos;
    }

    private static string SafeTarget(string name, string root, string zipPath)
    {
        string normalised = name.Replace('\\', '/');
        bool climbs = normalised.Split('/').Any(part => part == "..");
        string target = Path.GetFullPath(Path.Combine(root, normalised));
        if (climbs || normalised.StartsWith('/') || Path.IsPathRooted(normalised) || normalised.Contains(':', StringComparison.Ordinal)
            || !target.StartsWith(root, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"refusing '{zipPath}': its entry '{name}' would be written outside the folder it is extracted to");
        }

        return target;
    }
}
