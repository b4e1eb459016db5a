namespace VUnetStream.Core.IO;

/// <summary>
/// A path together with what the user called it (usually the option that gave it, like <c>--video</c>),
/// so a refusal can name both sides of a conflict in the user's own words.
/// </summary>
public sealed record NamedPath(string Name, string Path)
{
    /// <summary>The absolute path, with symbolic links resolved where they exist, for comparisons.</summary>
    public string Resolved => Resolve(Path);

    public override string ToString() => $"{Name} '{Path}'";

    /// <summary>
    /// An absolute path with every existing symbolic link on the way resolved: <c>out.mp4</c> and a
    /// link pointing at it are the same file, and one must not overwrite the other.
    /// </summary>
    public static string Resolve(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string? existing = full;
        var rest = new Stack<string>();
        while (existing is not null && !File.Exists(existing) && !Directory.Exists(existing))
        {
            rest.Push(System.IO.Path.GetFileName(existing));
            existing = System.IO.Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            return full;
        }

        string resolved = ResolveExisting(existing);
        while (rest.Count > 0)
        {
            resolved = System.IO.Path.Combine(resolved, rest.Pop());
        }

        return resolved;
    }

    private static string ResolveExisting(string existing)
    {
        string? parent = System.IO.Path.GetDirectoryName(existing);
        string head = parent is null ? existing : System.IO.Path.Combine(ResolveExisting(parent), System.IO.Path.GetFileName(existing));
        FileSystemInfo info = Directory.Exists(head) ? new DirectoryInfo(head) : new FileInfo(head);
        FileSystemInfo? target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? head : System.IO.Path.GetFullPath(target.FullName);
    }
}
