using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using VUnetStream.Application;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Pipeline;
using VUnetStream.Pipeline.Stages;
using VUnetStream.Synth.Output;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet demo</c>: the main job on its built-in default — a synthetic dancer clip and a different
/// synthetic target person from the generator, transferred with the default model into a side-by-side
/// video (dancer | stickman | result). Needs no downloads, no GPU and no Kafka.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(IServiceProvider services)
    {
        var outOption = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out/demo" };
        var secondsOption = new Option<double>("--seconds") { Description = "Length of the synthetic dancer clip", DefaultValueFactory = _ => 6 };
        var estimateOption = new Option<bool>("--estimate-poses")
        {
            Description = "Estimate the dancer's poses with BlazePose instead of using the generator's exact keypoints",
        };
        var serveOption = new Option<int?>("--serve") { Description = "Serve the output live at http://127.0.0.1:PORT/ while rendering" };
        Option<bool> overwriteOption = OutputOptions.Overwrite();
        var command = new Command("demo", "Run the main job on the built-in default: a synthetic dancer and target person, the default model, a side-by-side result video.")
        {
            outOption, secondsOption, estimateOption, serveOption, overwriteOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string outDir = Path.GetFullPath(parse.GetValue(outOption)!);
            string clipDir = Path.Combine(outDir, "input");
            bool overwrite = parse.GetValue(overwriteOption);

            // The demo writes only these two, but into a folder the user may have filled: a second run
            // needs --overwrite, and even then replaces just the demo's own two outputs.
            PathChecks.Check([], overwrite, NamedOutput.Folder("--out", outDir));
            ClipResult clip = await ClipGenerator.WriteAsync(
                new ClipOptions { OutDir = clipDir, Seed = 7, Seconds = parse.GetValue(secondsOption), Size = 256, Fps = 25, Overwrite = overwrite },
                cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"demo: synthetic dancer {Path.Combine(clipDir, ClipGenerator.VideoFile)} ({clip.Frames} frames) and target {Path.Combine(clipDir, ClipGenerator.PersonFile)}");

            var request = new TransferVideoRequest
            {
                VideoPath = Path.Combine(clipDir, ClipGenerator.VideoFile),
                PhotoPath = Path.Combine(clipDir, ClipGenerator.PersonFile),
                PhotoKeypoints = Path.Combine(clipDir, ClipGenerator.PersonKeypointsFile),
                DancerKeypoints = parse.GetValue(estimateOption) ? null : Path.Combine(clipDir, ClipGenerator.KeypointFolder),
                OutputPath = Path.Combine(outDir, "result.mp4"),
                Layout = OutputLayout.SideBySide,
                OutputHeight = 384,
                PreviewPort = parse.GetValue(serveOption),
                Overwrite = overwrite,
            };
            await TransferVideoCommand.RunAsync(services.GetRequiredService<TransferService>(), request, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"demo: wrote {request.OutputPath} (dancer | stickman | the target person dancing)");
            return 0;
        });
        return command;
    }
}
