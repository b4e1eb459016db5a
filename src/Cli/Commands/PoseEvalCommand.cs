using System.CommandLine;
using System.Text.Json.Nodes;
using VUnetStream.Cli.Output;
using VUnetStream.Core.Formats;
using VUnetStream.Core.IO;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Evaluation;
using VUnetStream.Pose.Filtering;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet pose-eval</c>: accuracy of the pose estimator on annotated images (PCK@0.1, error per
/// joint), or jitter (and, with ground truth, accuracy) on a clip with and without filtering.
/// </summary>
internal static class PoseEvalCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Annotated images: DIR/annotations.csv + DIR/images (or DIR/test/...), benchmark format" };
        var clip = new Option<string?>("--clip") { Description = "A video, or a 'vunet synth clip' folder (video + keypoints/ ground truth): jitter raw vs filtered" };
        RenamedOption<string> model = PoseModelOption.Create("--model");
        var minConfidence = new Option<float>("--min-confidence") { Description = "Joints below this confidence count as not given", DefaultValueFactory = _ => 0.5f };
        var maxGap = new Option<int>("--max-gap") { Description = "Gap filling for the filtered clip variants (frames)", DefaultValueFactory = _ => 3 };
        var limit = new Option<int>("--limit") { Description = "Evaluate only the first N images (0 = all)", DefaultValueFactory = _ => 0 };
        var predictions = new Option<string?>("--predictions") { Description = "Also write the estimated keypoints to this benchmark-format CSV" };
        var json = new Option<string?>("--json") { Description = "Write the results as one JSON object to FILE (- for standard output)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        Option<bool> allowPartial = OutputOptions.AllowPartial();
        var command = new Command("pose-eval", "Measure the pose estimator: PCK@0.1 and per-joint error on annotated images, or jitter on a clip.")
        {
            data, clip, minConfidence, maxGap, limit, predictions, json, overwrite, allowPartial,
        };
        model.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string? dataDir = parse.GetValue(data), clipPath = parse.GetValue(clip);
            if ((dataDir is null) == (clipPath is null))
            {
                throw new ArgumentException("give either --data DIR (annotated images) or --clip PATH (a video or a synthetic clip folder)");
            }

            string? jsonPath = parse.GetValue(json), predictionsPath = parse.GetValue(predictions);
            bool replace = parse.GetValue(overwrite);
            PathChecks.Check(PathChecks.Inputs(("--data", dataDir), ("--clip", clipPath)), replace,
                [.. JsonOutput.Targets(jsonPath), predictionsPath is null ? null : NamedOutput.File("--predictions", predictionsPath)]);

            var estimator = new PoseEstimatorOptions
            {
                Model = BlazePoseModelFiles.Parse(model.Value(parse)!),
                MinJointConfidence = PoseCommand.CheckConfidence(parse.GetValue(minConfidence)),
            };
            MeasurementReport report = dataDir is not null
                ? EvaluateImages(dataDir, estimator, parse.GetValue(limit), predictionsPath, JsonOutput.TableWriter(jsonPath), cancellationToken)
                : EvaluateClip(clipPath!, estimator, new TemporalFilterOptions { MaxGap = parse.GetValue(maxGap) }, parse.GetValue(allowPartial), JsonOutput.TableWriter(jsonPath), cancellationToken);
            JsonOutput.Report(report, jsonPath, replace, parse);

            return Task.FromResult(0);
        });
        return command;
    }

    private static MeasurementReport EvaluateImages(string dataDir, PoseEstimatorOptions estimator, int limit, string? predictionsPath, TextWriter table, CancellationToken cancellationToken)
    {
        (string csv, _) = DatasetEvaluation.Locate(dataDir);
        int total = limit > 0 ? Math.Min(limit, BenchmarkCsv.Read(csv).Count) : BenchmarkCsv.Read(csv).Count;
        var progress = new ConsoleProgress("images", total);
        DatasetEvaluation.Result result = DatasetEvaluation.Run(dataDir, estimator, limit, () => progress.Advance(), cancellationToken);
        progress.Finish();
        if (predictionsPath is not null)
        {
            BenchmarkCsv.Write(predictionsPath, result.Predictions);
        }

        var report = new MeasurementReport($"pose-eval: BlazePose {estimator.Model} on {result.Annotations}");
        report.Add("model", estimator.Model.ToString().ToLowerInvariant());
        report.Add("min_joint_confidence", estimator.MinJointConfidence);
        result.Accuracy.Report(report);
        table.Write(result.Accuracy.JointTable());
        return report;
    }

    private static MeasurementReport EvaluateClip(string clip, PoseEstimatorOptions estimator, TemporalFilterOptions filter, bool allowPartial, TextWriter table, CancellationToken cancellationToken)
    {
        (string video, _) = ClipEvaluation.Locate(clip);
        int frames;
        using (var capture = new OpenCvSharp.VideoCapture(video))
        {
            frames = capture.IsOpened() ? capture.FrameCount : 0;
        }

        var progress = new ConsoleProgress("frames", frames);
        ClipEvaluation.Result result = ClipEvaluation.Run(clip, estimator, filter, () => progress.Advance(), allowPartial, cancellationToken);
        progress.Finish();
        var report = new MeasurementReport($"pose-eval: BlazePose {estimator.Model} on clip {result.Video}");
        report.Add("model", estimator.Model.ToString().ToLowerInvariant());
        report.Add("frames", result.Frames, "frames", "frames in the video");
        report.Add("frames_with_person", result.FramesWithPerson, "frames", "frames where the estimator found a person");
        if (result.TruthJitter is JitterResult truth)
        {
            report.Add("jitter_truth", truth.PixelsPerFrame2, "px/frame²", "jitter of the ground truth itself (real motion)");
        }

        foreach (ClipEvaluation.Variant v in result.Variants)
        {
            report.Add($"jitter_{v.Name}", v.Jitter.PixelsPerFrame2, "px/frame²", $"mean keypoint acceleration, {v.Name}");
            report.Add($"jitter_{v.Name}_relative", v.Jitter.BodyHeightsPerFrame2, "heights/frame²", "the same relative to body height");
            if (v.Accuracy is KeypointAccuracy a)
            {
                report.Add($"{v.Name}_pck_10", a.Pck, "", $"PCK@0.1 against the ground truth, {v.Name}");
                report.Add($"{v.Name}_mean_error", a.MeanErrorPx, "px", "mean error of given joints");
                report.Add($"{v.Name}_mean_error_relative", a.MeanErrorHeights, "heights", "the same in person heights");
                report.Add($"{v.Name}_detected", a.DetectedRate, "", "share of ground-truth joints given");
            }
        }

        if (result.Variants[0].Accuracy is KeypointAccuracy rawAccuracy)
        {
            var detail = new MeasurementReport("raw");
            rawAccuracy.Report(detail, "raw_");
            JsonObject detailJson = detail.ToJson();
            report.Attach("raw_per_joint", detailJson["raw_per_joint"]?.DeepClone(), detailJson[MeasurementReport.UnitsKey]?["raw_per_joint"]?.AsObject());
            table.Write(rawAccuracy.JointTable());
        }

        return report;
    }
}
