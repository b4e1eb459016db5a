using System.CommandLine;
using System.Globalization;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Input;
using VUnetStream.Pose.Segmentation;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet segment</c>: person masks (and overlays) for a video, an image or a folder of images.</summary>
internal static class SegmentCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "A video, an image, or a folder of images", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder (masks/*.png, with --overlay overlay/*.png or overlay.mp4, summary.json)", Required = true };
        RenamedOption<string> model = PoseModelOption.Create();
        var overlay = new Option<bool>("--overlay") { Description = "Also write the frames with the person tinted and outlined" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        Option<bool> allowPartial = OutputOptions.AllowPartial();
        var command = new Command("segment", "Person masks for a video, an image or an image folder (BlazePose's segmentation output; 8-bit PNG, >= 128 = person).")
        {
            input, output, overlay, overwrite, allowPartial,
        };
        model.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            PathChecks.Check(PathChecks.Inputs(("--input", parse.GetValue(input))), parse.GetValue(overwrite), NamedOutput.Folder("--out", parse.GetValue(output)!));
            var options = new SegmentJobOptions
            {
                Input = parse.GetValue(input)!,
                Output = parse.GetValue(output)!,
                Estimator = new PoseEstimatorOptions { Model = BlazePoseModelFiles.Parse(model.Value(parse)!) },
                Overlay = parse.GetValue(overlay),
                Overwrite = parse.GetValue(overwrite),
                AllowPartial = parse.GetValue(allowPartial),
                Notice = message => Console.Error.WriteLine($"vunet: {message}"),
                ConsoleProgress = true,
                Provenance = CommandSettings.ToJson(parse),
            };
            SegmentJobSummary summary = await SegmentJob.RunAsync(options, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Frames} {(summary.Kind == FrameInputKind.Video ? "frames" : "images")}, person found in {summary.FramesWithPerson}, {summary.Seconds:0.0} s"));
            if (summary.NoPerson.Count > 0)
            {
                string list = string.Join(", ", summary.NoPerson.Take(10)) + (summary.NoPerson.Count > 10 ? ", ..." : "");
                Console.WriteLine($"no person (empty mask): {list}");
            }

            Console.WriteLine($"masks:   {summary.MaskFolder}");
            if (summary.Overlay is not null)
            {
                Console.WriteLine($"overlay: {summary.Overlay}");
            }

            return 0;
        });
        return command;
    }
}
