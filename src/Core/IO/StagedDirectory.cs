namespace VUnetStream.Core.IO;

/// <summary>
/// A folder of outputs that is built under a temporary sibling name and renamed into place when
/// complete, so an interrupted or failed run never leaves a folder that looks finished.
/// </summary>
public sealed class StagedDirectory : IDisposable
{
    private readonly bool _overwrite;
    private bool _committed;

    private StagedDirectory(string finalPath, string stagingPath, bool overwrite)
    {
        FinalPath = finalPath;
        StagingPath = stagingPath;
        _overwrite = overwrite;
    }

    public string FinalPath { get; }

    /// <summary>Where files are written until <see cref="Commit"/>.</summary>
    public string StagingPath { get; }

    /// <summary>
    /// Starts a staged folder for <paramref name="path"/>. Fails with a clear message when the parent
    /// cannot be written, or when the destination exists and is not empty (unless <paramref name="overwrite"/>).
    /// </summary>
    public static StagedDirectory Begin(string path, bool overwrite = false)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new IOException($"output folder '{path}' is an existing file");
        }

        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !overwrite)
        {
            throw new IOException($"output folder '{path}' exists and is not empty (pass --overwrite to replace it)");
        }

        string parent = Path.GetDirectoryName(full) ?? throw new IOException($"output folder '{path}' has no parent folder");
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(parent);
            StaleTemporaries.RemoveFor(full);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            Directory.CreateDirectory(staging);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"cannot write output folder '{path}': {ex.Message}", ex);
        }

        return new StagedDirectory(full, staging, overwrite);
    }

    /// <summary>
    /// Moves the finished staging folder to its final name. Without overwrite the destination is checked
    /// again, because something may have been written there while the work ran; with overwrite the old
    /// folder is moved aside first and deleted only once the new one is in place.
    /// </summary>
    public void Commit()
    {
        string? replaced = null;
        if (Directory.Exists(FinalPath))
        {
            if (!_overwrite && Directory.EnumerateFileSystemEntries(FinalPath).Any())
            {
                throw new IOException($"output folder '{FinalPath}' was filled by something else while this run worked; its files were left alone and nothing was written");
            }

            replaced = StaleTemporaries.ReplacedPathFor(FinalPath);
            Directory.Move(FinalPath, replaced);
        }

        Directory.Move(StagingPath, FinalPath);
        _committed = true;
        if (replaced is not null)
        {
            Directory.Delete(replaced, recursive: true);
        }
    }

    /// <summary>Removes the staging folder if the work was not committed.</summary>
    public void Dispose()
    {
        if (!_committed && Directory.Exists(StagingPath))
        {
            Directory.Delete(StagingPath, recursive: true);
        }
    }
}
