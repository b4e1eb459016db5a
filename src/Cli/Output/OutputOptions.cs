using System.CommandLine;

namespace VUnetStream.Cli.Output;

/// <summary>
/// Options several commands share, defined once so they mean (and say in the help) the same everywhere:
/// <c>--overwrite</c> for every command that writes files, <c>--allow-partial</c> for those that read a whole video.
/// </summary>
internal static class OutputOptions
{
    public static Option<bool> Overwrite() => new("--overwrite")
    {
        Description = "Replace outputs that already exist (an existing file, a non-empty folder); inputs are never replaced",
    };

    public static Option<bool> AllowPartial() => new("--allow-partial")
    {
        Description = "A video that ends before its announced frame count (truncated) gives a shorter output and a warning instead of an error",
    };
}
