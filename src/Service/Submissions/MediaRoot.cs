namespace VUnetStream.Service.Submissions;

/// <summary>
/// Paths a client names inside the server's media root. A path that leads outside it — by <c>..</c>, by
/// being absolute elsewhere, or through a symbolic link — is refused, so a client can read nothing else.
/// </summary>
internal static class MediaRoot
{
    public static string Resolve(string? root, string? path, string field)
    {
        if (root is null)
        {
            throw new JobRejectedException(RejectionReason.Invalid, $"{field}: this server has no media root (start it with --media-root DIR), so files must be uploaded");
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new JobRejectedException(RejectionReason.Invalid, $"{field} is missing");
        }

        string rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string full = Path.GetFullPath(Path.Combine(rootFull, path));
        if (!IsInside(rootFull, full))
        {
            throw new JobRejectedException(RejectionReason.Invalid, $"{field} '{path}' is outside the media root");
        }

        // A link inside the root may point out of it: every step from the root to the file is checked.
        string current = rootFull;
        foreach (string part in Path.GetRelativePath(rootFull, full).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target && !IsInside(rootFull, Path.GetFullPath(target.FullName)))
            {
                throw new JobRejectedException(RejectionReason.Invalid, $"{field} '{path}' leads outside the media root through a link");
            }
        }

        if (!File.Exists(full))
        {
            throw new JobRejectedException(RejectionReason.Invalid, $"{field} '{path}' is not a file in the media root");
        }

        return full;
    }

    private static bool IsInside(string root, string path) =>
        path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
