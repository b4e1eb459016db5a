using System.Diagnostics;
using VUnetStream.Cli.Hosting;

namespace VUnetStream.Cli.Tests;

/// <summary>The launcher's allocator choice (scripts/allocator.sh) and the process keeping it from its children.</summary>
public sealed class AllocatorTests
{
    private const string Tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    [Fact]
    public void Launcher_PreloadsTcmallocByDefault_UnlessTheUserChoseSystemOrSetTheirOwnPreload()
    {
        Assert.True(File.Exists(Tcmalloc), $"{Tcmalloc} is missing: run ./scripts/setup.sh (it installs libtcmalloc-minimal4)");
        Assert.Equal($"{Tcmalloc}|{Tcmalloc}", Source(new Dictionary<string, string>()));
        Assert.Equal("|", Source(new Dictionary<string, string> { ["VUNET_ALLOCATOR"] = "system" }));
        Assert.Equal("/opt/mine.so|", Source(new Dictionary<string, string> { ["LD_PRELOAD"] = "/opt/mine.so" }));
    }

    [Fact]
    public void KeepFromChildren_RemovesOnlyThePreloadTheLauncherSet()
    {
        var ours = new Dictionary<string, string?> { ["LD_PRELOAD"] = Tcmalloc, [PreloadedAllocator.MarkerVariable] = Tcmalloc };
        PreloadedAllocator.KeepFromChildren(k => ours.GetValueOrDefault(k), (k, v) => ours[k] = v);
        Assert.Null(ours["LD_PRELOAD"]);
        Assert.Null(ours[PreloadedAllocator.MarkerVariable]);

        // The user preloaded something else after the launcher ran: theirs stays for the children.
        var theirs = new Dictionary<string, string?> { ["LD_PRELOAD"] = "/opt/mine.so", [PreloadedAllocator.MarkerVariable] = Tcmalloc };
        PreloadedAllocator.KeepFromChildren(k => theirs.GetValueOrDefault(k), (k, v) => theirs[k] = v);
        Assert.Equal("/opt/mine.so", theirs["LD_PRELOAD"]);

        // Not started by the launcher: nothing changes.
        var plain = new Dictionary<string, string?> { ["LD_PRELOAD"] = "/opt/mine.so" };
        PreloadedAllocator.KeepFromChildren(k => plain.GetValueOrDefault(k), (k, v) => plain[k] = v);
        Assert.Equal("/opt/mine.so", plain["LD_PRELOAD"]);
        Assert.False(plain.ContainsKey(PreloadedAllocator.MarkerVariable));
    }

    /// <summary>Sources the script in a clean bash with <paramref name="environment"/>; returns "LD_PRELOAD|VUNET_PRELOADED".</summary>
    private static string Source(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment.Remove("LD_PRELOAD");
        start.Environment.Remove("VUNET_ALLOCATOR");
        start.Environment.Remove(PreloadedAllocator.MarkerVariable);
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("source \"$1\"; printf '%s|%s' \"${LD_PRELOAD:-}\" \"${VUNET_PRELOADED:-}\"");
        start.ArgumentList.Add("allocator-test");
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "allocator.sh"));
        using Process bash = Process.Start(start)!;
        string output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);
        return output;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VUnetStream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no VUnetStream.sln above {AppContext.BaseDirectory}");
    }
}
