using System.CommandLine;
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
    public static Command Create()
    {
        var outOption = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out/demo" };
        var secondsOption = new Option<double>("--seconds") { Description = "Length of the synthetic dancer clip", DefaultValueFactory = _ => 6 };
        var estimateOption = new Option<bool>("--estimate-poses")
        {
            Description = "Estimate the dancer's poses with BlazePose instead of using the generator's exact keypoints",
        };
        var serveOption = new Option<int?>("--serve") { Description = "Serve the output live at http://127.0.0.1:PORT/ while rendering" };
        var command = new Command("demo", "Run the main job on the built-in default: a synthetic dancer and target person, the default model, a side-by-side result video.")
        {
            outOption, secondsOption, estimateOption, serveOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string outDir = Path.GetFullPath(parse.GetValue(outOption)!);
            string clipDir = Path.Combine(outDir, "input");
            ClipResult clip = await ClipGenerator.WriteAsync(
                new ClipOptions { OutDir = clipDir, Seed = 7, Seconds = parse.GetValue(secondsOption), Size = 256, Fps = 25, Overwrite = true },
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
            };
            await TransferVideoCommand.RunAsync(request, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"demo: wrote {request.OutputPath} (dancer | stickman | the target person dancing)");
            return 0;
        });
        return command;
    }
}
