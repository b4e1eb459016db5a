using System.CommandLine;
using VUnetStream.Application.PersonVideo;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet eval-video</c>: self-reenactment scores on the held-out end of a person's video (see <see cref="SelfReenactment"/>).</summary>
internal static class EvalVideoCommand
{
    public static Command Create()
    {
        var video = new Option<string>("--video") { Description = "The person's video (the one the model was personalised on, for a personalize model folder)", Required = true };
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        checkpoint.Description += "; a `personalize --video` model folder brings its own split";
        var holdout = new Option<double?>("--holdout") { Description = $"Score the last fraction F of the video (default: the split personalize recorded for the model, else {EvalVideoRequest.DefaultHoldout})" };
        var json = new Option<string?>("--json") { Description = "Also write the results as one JSON object to this file (- for standard output)" };
        var sideBySide = new Option<string?>("--side-by-side") { Description = "Write the held-out frames as real | generated to this video (.mp4)" };
        var height = new Option<int>("--output-height") { Description = "Height the frames are scored and the side-by-side written at (the video's own when lower)", DefaultValueFactory = _ => EvalVideoRequest.DefaultMaxHeight };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0 = one per core)", DefaultValueFactory = _ => 0 };
        Option<bool> overwrite = OutputOptions.Overwrite();
        RenamedOption<string> poseModel = PoseModelOption.Create();
        var command = new Command("eval-video", "Self-reenactment: re-render the held-out end of a person's video from its own poses with the person's look, on the video's clean plate, and score it against the real frames (SSIM, PSNR, L1 of frame and person box, part colours, pose re-detection) beside trivial baselines.")
        {
            video, checkpoint, holdout, json, sideBySide, height, threads, overwrite,
        };
        poseModel.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? jsonPath = parse.GetValue(json);
            string? sideBySidePath = parse.GetValue(sideBySide);
            NamedOutput?[] outputs = [.. JsonOutput.Targets(jsonPath), sideBySidePath is null ? null : NamedOutput.File("--side-by-side", sideBySidePath)];
            PathChecks.Check(PathChecks.Inputs(("--video", parse.GetValue(video)), ("--checkpoint", parse.GetValue(checkpoint))), parse.GetValue(overwrite), outputs);
            var request = new EvalVideoRequest
            {
                VideoPath = parse.GetValue(video)!,
                Checkpoint = parse.GetValue(checkpoint),
                Holdout = parse.GetValue(holdout),
                SideBySide = sideBySidePath,
                Overwrite = parse.GetValue(overwrite),
                Estimator = new PoseEstimatorOptions { Model = BlazePoseModelFiles.Parse(poseModel.Value(parse)!) },
                MaxHeight = parse.GetValue(height),
                Threads = parse.GetValue(threads),
                Notice = message => Console.Error.WriteLine($"vunet: {message}"),
                Progress = Console.Error,
                InteractiveProgress = !Console.IsErrorRedirected,
            };
            MeasurementReport report = await SelfReenactment.RunAsync(request, cancellationToken).ConfigureAwait(false);
            JsonOutput.Report(report, jsonPath, parse.GetValue(overwrite), parse);
            JsonOutput.TableWriter(jsonPath).Write(Environment.NewLine + SelfReenactment.ComparisonTable(report));
            if (sideBySidePath is not null)
            {
                JsonOutput.TableWriter(jsonPath).WriteLine($"side-by-side (real | generated): {sideBySidePath}");
            }

            return 0;
        });
        return command;
    }
}
