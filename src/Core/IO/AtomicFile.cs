namespace VUnetStream.Core.IO;

/// <summary>
/// Writes a file under a temporary name beside its destination and renames it into place only when
/// the content is complete, so a crash or a cancellation never leaves a half-written file under the
/// final name.
/// </summary>
public static class AtomicFile
{
    /// <summary>The temporary path used while <paramref name="finalPath"/> is being written.</summary>
    public static string TemporaryPathFor(string finalPath)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(finalPath)) ?? ".";
        string name = Path.GetFileNameWithoutExtension(finalPath);
        string extension = Path.GetExtension(finalPath);
        return Path.Combine(directory, $".{name}.partial-{Environment.ProcessId}{extension}");
    }

    public static void WriteAllText(string path, string contents)
    {
        string temp = TemporaryPathFor(path);
        try
        {
            File.WriteAllText(temp, contents);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static void WriteAllBytes(string path, byte[] contents)
    {
        string temp = TemporaryPathFor(path);
        try
        {
            File.WriteAllBytes(temp, contents);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Runs <paramref name="write"/> on a temporary path, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temp = TemporaryPathFor(path);
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
