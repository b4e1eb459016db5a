using System.CommandLine;
using System.Globalization;
using System.Text;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Segmentation;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet segment-eval</c>: IoU and boundary F of BlazePose's person masks against a synthetic dataset's
/// exact masks, beside two masks made from the pose alone (its box, a thick stickman) for scale.
/// </summary>
internal static class SegmentEvalCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "A 'vunet synth dataset' folder (its test/images + test/masks, or DIR/images + DIR/masks)", Required = true };
        RenamedOption<string> model = PoseModelOption.Create();
        var images = new Option<int>("--images") { Description = "Evaluate only the first N images (0 = all)", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Write the results as one JSON object to FILE (- for standard output)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var command = new Command("segment-eval", "Measure the person masks: IoU and boundary F against a synthetic dataset's exact masks, with pose-only baselines.")
        {
            data, images, json, overwrite,
        };
        model.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            int limit = parse.GetValue(images);
            if (limit < 0)
            {
                throw new ArgumentException($"--images {limit} must be 0 (all) or a positive count");
            }

            string dataDir = parse.GetValue(data)!;
            string? jsonPath = parse.GetValue(json);
            bool replace = parse.GetValue(overwrite);
            PathChecks.Check(PathChecks.Inputs(("--data", dataDir)), replace, JsonOutput.Targets(jsonPath));
            var estimator = new PoseEstimatorOptions { Model = BlazePoseModelFiles.Parse(model.Value(parse)!) };
            var progress = new ConsoleProgress("images", SegmentationEvaluation.ImagesToScore(dataDir, limit).Count);
            SegmentationEvaluation.Result result = SegmentationEvaluation.Run(dataDir, estimator, limit, () => progress.Advance(), cancellationToken);
            progress.Finish();

            var report = new MeasurementReport($"segment-eval: BlazePose {estimator.Model} masks on {result.Images}");
            report.Add("model", estimator.Model.ToString().ToLowerInvariant());
            result.Report(report);
            JsonOutput.TableWriter(jsonPath).Write(MethodTable(result));
            JsonOutput.Report(report, jsonPath, replace, parse);
            return Task.FromResult(0);
        });
        return command;
    }

    private static string MethodTable(SegmentationEvaluation.Result result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"mask",-28} {"mean IoU",9} {"median",7} {"IoU>0.8",8} {"boundary F",11}");
        foreach (SegmentationEvaluation.MethodSummary m in result.Methods)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{SegmentationEvaluation.Describe(m.Name),-28} {m.MeanIou,9:0.000} {m.MedianIou,7:0.000} {m.ShareIouAbove08,8:0.000} {m.MeanBoundaryF,11:0.000}");
        }

        // The worst images say where the masks fail (a missed person, a swallowed background patch).
        string worst = string.Join(", ", result.PerImage.OrderBy(p => p.Score.Iou).Take(3)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Score.Iou:0.000}")));
        text.AppendLine(CultureInfo.InvariantCulture, $"lowest BlazePose IoU: {worst}");
        return text.AppendLine().ToString();
    }
}
