using System.CommandLine;

namespace VUnetStream.Cli.Output;

/// <summary>The <c>--overwrite</c> option every command that writes files shares, with one meaning.</summary>
internal static class OutputOptions
{
    public static Option<bool> Overwrite() => new("--overwrite")
    {
        Description = "Replace outputs that already exist (an existing file, a non-empty folder); inputs are never replaced",
    };
}
