using OpenCvSharp;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// A folder that receives one PNG per generated image (<c>--out-dir</c> of transfer and reconstruct),
/// for scoring with outside tools. Every name is checked before any work: a plain file name, no
/// duplicates, and no existing file unless overwriting was asked for, because a run must never
/// replace files it did not make. Each image is written atomically (a temporary name, then a rename).
/// </summary>
public sealed class GeneratedImageFolder
{
    private readonly HashSet<string> _names;

    private GeneratedImageFolder(string path, HashSet<string> names)
    {
        Path = path;
        _names = names;
    }

    public string Path { get; }

    public int Count => _names.Count;

    /// <summary>Checks <paramref name="names"/> against <paramref name="folder"/> and creates the folder.</summary>
    /// <exception cref="ArgumentException">A name is not a plain .png file name, or occurs twice.</exception>
    /// <exception cref="IOException">A file of that name exists and <paramref name="overwrite"/> is false.</exception>
    public static GeneratedImageFolder Prepare(string folder, IReadOnlyList<string> names, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(names);
        if (File.Exists(folder))
        {
            throw new IOException($"output folder '{folder}' is an existing file");
        }

        var unique = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (name.Length == 0 || System.IO.Path.GetFileName(name) != name || name is "." or ".."
                || !name.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{name}' is not a plain .png file name to write in {folder}");
            }

            if (!unique.Add(name))
            {
                throw new ArgumentException($"two generated images would both be written to {System.IO.Path.Combine(folder, name)}");
            }

            string path = System.IO.Path.Combine(folder, name);
            if (!overwrite && (File.Exists(path) || Directory.Exists(path)))
            {
                throw new IOException($"{path} exists; it was not made by this run (pass --overwrite to replace it)");
            }
        }

        Directory.CreateDirectory(folder);
        return new GeneratedImageFolder(folder, unique);
    }

    /// <summary>Writes <paramref name="image"/> as <paramref name="name"/> (one of the prepared names).</summary>
    public string Write(string name, Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!_names.Contains(name))
        {
            throw new ArgumentException($"'{name}' was not among the names checked for {Path}", nameof(name));
        }

        string path = System.IO.Path.Combine(Path, name);
        ImageGrid.SavePng(image, path);
        return path;
    }
}
