namespace VUnetStream.Cli.Hosting;

/// <summary>
/// The launcher (scripts/allocator.sh) preloads tcmalloc for libtorch's sake and names it in VUNET_PRELOADED.
/// The preload is meant for this process only: the programs it starts (ffmpeg, a browser, another vunet
/// through its own launcher) bring their own allocators and must not inherit it.
/// </summary>
internal static class PreloadedAllocator
{
    public const string MarkerVariable = "VUNET_PRELOADED";

    /// <summary>Removes LD_PRELOAD from the environment children inherit when it is exactly what the launcher set.</summary>
    public static void KeepFromChildren() => KeepFromChildren(Environment.GetEnvironmentVariable, Environment.SetEnvironmentVariable);

    /// <summary>The same on any environment (tests pass a dictionary's).</summary>
    public static void KeepFromChildren(Func<string, string?> get, Action<string, string?> set)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(set);
        string? preloaded = get(MarkerVariable);
        if (string.IsNullOrEmpty(preloaded))
        {
            return;
        }

        // A preload the user set themselves (a different value) is theirs to pass on.
        if (string.Equals(get("LD_PRELOAD"), preloaded, StringComparison.Ordinal))
        {
            set("LD_PRELOAD", null);
        }

        set(MarkerVariable, null);
    }
}
