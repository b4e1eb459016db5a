using System.CommandLine;
using System.Globalization;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Filtering;
using VUnetStream.Pose.Jobs;
using VUnetStream.Pose.Retargeting;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet pose</c>: keypoints and an overlay for a video, an image or a folder of images.</summary>
internal static class PoseCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "A video, an image, or a folder of images", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder (keypoints/*.json, overlay.mp4 or overlay/*.png, summary.json)", Required = true };
        RenamedOption<string> model = PoseModelOption.Create("--model");
        var filter = new Option<string>("--filter") { Description = "Temporal smoothing for video: one-euro, median or none", DefaultValueFactory = _ => "one-euro" };
        var maxGap = new Option<int>("--max-gap") { Description = "Fill a joint missing for at most this many frames by interpolation (0 = never)", DefaultValueFactory = _ => 3 };
        var minConfidence = new Option<float>("--min-confidence") { Description = "Joints below this confidence are written as missing", DefaultValueFactory = _ => 0.5f };
        var target = new Option<string?>("--target") { Description = "Photo of the target person, for --retarget" };
        var retarget = new Option<string?>("--retarget") { Description = "Fit the poses to the target person: off, global or bones (default: global with --target, as in transfer-video; else off)" };
        var noRotate = new Option<bool>("--no-rotate") { Description = "Keep the tracked region upright instead of turning it with the body" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        Option<bool> allowPartial = OutputOptions.AllowPartial();
        var command = new Command("pose", "Estimate the pose in a video, an image or an image folder (BlazePose, COCO-18 OpenPose JSON + overlay).")
        {
            input, output, filter, maxGap, minConfidence, target, retarget, noRotate, overwrite, allowPartial,
        };
        model.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            PathChecks.Check(PathChecks.Inputs(("--input", parse.GetValue(input)), ("--target", parse.GetValue(target))),
                parse.GetValue(overwrite), NamedOutput.Folder("--out", parse.GetValue(output)!));
            var options = new PoseJobOptions
            {
                Input = parse.GetValue(input)!,
                Output = parse.GetValue(output)!,
                Estimator = new PoseEstimatorOptions
                {
                    Model = BlazePoseModelFiles.Parse(model.Value(parse)!),
                    MinJointConfidence = CheckConfidence(parse.GetValue(minConfidence)),
                    RotateRegion = !parse.GetValue(noRotate),
                },
                Filter = new TemporalFilterOptions
                {
                    Smoothing = TemporalFilterOptions.ParseSmoothing(parse.GetValue(filter)!),
                    MaxGap = parse.GetValue(maxGap),
                },
                TargetPhoto = parse.GetValue(target),
                Retarget = RetargetModes.Parse(parse.GetValue(retarget) ?? (parse.GetValue(target) is null ? "off" : "global")),
                Overwrite = parse.GetValue(overwrite),
                AllowPartial = parse.GetValue(allowPartial),
                Notice = message => Console.Error.WriteLine($"vunet: {message}"),
                ConsoleProgress = true,
                Provenance = CommandSettings.ToJson(parse),
            };
            PoseJobSummary summary = await PoseJob.RunAsync(options, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Frames} {(summary.Kind == Pose.Input.FrameInputKind.Video ? "frames" : "images")}, person found in {summary.FramesWithPerson}, {summary.Seconds:0.0} s"));
            if (summary.NoPerson.Count > 0)
            {
                string list = string.Join(", ", summary.NoPerson.Take(10)) + (summary.NoPerson.Count > 10 ? ", ..." : "");
                Console.WriteLine($"no person: {list}");
            }

            Console.WriteLine($"keypoints: {summary.KeypointFolder}");
            Console.WriteLine($"overlay:   {summary.Overlay}");
            if (summary.RetargetedFolder is not null)
            {
                Console.WriteLine($"retargeted keypoints: {summary.RetargetedFolder}");
            }

            return 0;
        });
        return command;
    }

    internal static float CheckConfidence(float value) =>
        value is >= 0f and <= 1f ? value : throw new ArgumentException($"--min-confidence {value} must be between 0 and 1");
}
