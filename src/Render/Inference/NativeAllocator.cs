namespace VUnetStream.Render.Inference;

/// <summary>
/// Which malloc serves libtorch in this process: tcmalloc when the launcher preloaded it (scripts/allocator.sh),
/// glibc's otherwise. It matters for large batches: glibc maps and unmaps every block above 32 MiB afresh.
/// </summary>
public static class NativeAllocator
{
    private static readonly Lazy<bool> Tcmalloc = new(() => MapsHold("libtcmalloc"));

    /// <summary>True when tcmalloc is mapped into this process.</summary>
    public static bool IsTcmalloc => Tcmalloc.Value;

    /// <summary>"tcmalloc" or "glibc", for reports.</summary>
    public static string Name => IsTcmalloc ? "tcmalloc" : "glibc";

    private static bool MapsHold(string library)
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Any(line => line.Contains(library, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
