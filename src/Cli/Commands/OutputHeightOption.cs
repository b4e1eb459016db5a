using System.CommandLine;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// The output video's height, <c>--output-height</c>, in the commands that render one. It was
/// <c>--size</c>, which elsewhere means the side of a square frame (synth, bench pose); that spelling
/// still works, hidden.
/// </summary>
internal static class OutputHeightOption
{
    public static RenamedOption<int> Create() => new(
        new Option<int>("--output-height") { Description = "Output height in pixels (default 0: 4× the model's size, 256 to 1024)", DefaultValueFactory = _ => 0 },
        "--size");
}
