using System.CommandLine;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet demo</c>: the main job on its built-in default. For now it makes a synthetic dancer clip
/// and a synthetic target photo; it grows into the full motion transfer as the stages land.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var outOption = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out/demo" };
        var command = new Command("demo", "Run the main job on the built-in default (no downloads, no GPU).") { outOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string outDir = parse.GetValue(outOption)!;
            return await SynthCommand.RunClipAsync(outDir, seed: 7, seconds: 4, size: 256, fps: 25, overwrite: true, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
