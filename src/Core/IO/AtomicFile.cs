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
    public static void Write(string path, Action<string> write) => Write(path, write, overwrite: true);

    /// <summary>
    /// Like <see cref="Write(string, Action{string})"/>, but without <paramref name="overwrite"/> a file that
    /// appeared under <paramref name="path"/> while the content was being written is kept and this write fails.
    /// </summary>
    public static void Write(string path, Action<string> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temp = TemporaryPathFor(path);
        try
        {
            write(temp);
            MoveIntoPlace(temp, path, overwrite);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Renames a finished temporary to its final name; without <paramref name="overwrite"/> an existing file is kept and this fails.</summary>
    public static void MoveIntoPlace(string temp, string path, bool overwrite)
    {
        try
        {
            File.Move(temp, path, overwrite);
        }
        catch (IOException ex) when (!overwrite && File.Exists(path))
        {
            throw new IOException($"'{path}' appeared while this run was writing it; it was left alone (pass --overwrite to replace it)", ex);
        }
    }
}
