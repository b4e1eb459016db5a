using System.CommandLine;
using VUnetStream.Cli.Output;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Estimation;
using VUnetStream.Pose.Evaluation;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Personalization;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet eval</c>: SSIM/PSNR/L1 and appearance measures of reconstruction and transfer, sample diversity and shape consistency (see <see cref="Evaluation"/>).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        Option<string> data = ModelOptions.Data();
        Option<int> threads = ModelOptions.Threads();
        var json = new Option<string?>("--json") { Description = "Also write the results as one JSON object to this file (- for standard output)" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var images = new Option<int>("--images") { Description = "Test images to reconstruct", DefaultValueFactory = _ => 64 };
        var transfers = new Option<int>("--transfers") { Description = "Transfer triples to score (transfer.csv or pairs.csv)", DefaultValueFactory = _ => 64 };
        var samplePoses = new Option<int>("--sample-poses") { Description = "Poses to sample from the prior", DefaultValueFactory = _ => 8 };
        var samples = new Option<int>("--samples") { Description = "Samples per pose (at least 2)", DefaultValueFactory = _ => 4 };
        var people = new Option<int>("--people") { Description = "Transfers only from the first N appearance people of the transfer list (0 = all)", DefaultValueFactory = _ => 0 };
        var personalize = new Option<int>("--personalize")
        {
            Description = $"Measure test-time personalisation: for each appearance person (see --people), fine-tune the model STEPS steps on its source image with the exact mask, then score its transfers beside the model as it is (transfer measures only; 0 = off, at most {PersonalizationOptions.MaxSteps})",
            DefaultValueFactory = _ => 0,
        };
        RenamedOption<string> poseModel = PoseModelOption.Create();
        poseModel.Current.Description = "BlazePose model that re-detects the pose in the outputs of a pairs.csv dataset: lite, full or heavy";
        var command = new Command("eval", "Evaluate a VUNet on a held-out split: reconstruction and transfer SSIM/PSNR/L1 and appearance measures against the mean person, sample diversity, shape consistency.")
        {
            checkpoint, data, json, images, transfers, samplePoses, samples, people, personalize, threads, overwrite,
        };
        poseModel.AddTo(command);
        command.SetAction(parse =>
        {
            string? jsonPath = parse.GetValue(json);
            PathChecks.Check(PathChecks.Inputs(("--data", parse.GetValue(data)), ("--checkpoint", parse.GetValue(checkpoint))),
                parse.GetValue(overwrite), JsonOutput.Targets(jsonPath));
            int steps = parse.GetValue(personalize);
            PersonalizationOptions.CheckSteps(steps, "--personalize");
            if (parse.GetValue(people) < 0)
            {
                throw new ArgumentException($"--people must not be negative (0 = all), got {parse.GetValue(people)}");
            }

            (VUnetRunner runner, string label) = ModelOptions.Open(parse.GetValue(checkpoint), parse.GetValue(threads));
            using (runner)
            {
                var options = new EvalOptions
                {
                    Images = Math.Max(1, parse.GetValue(images)),
                    Transfers = Math.Max(0, parse.GetValue(transfers)),
                    SamplePoses = Math.Max(1, parse.GetValue(samplePoses)),
                    SamplesPerPose = parse.GetValue(samples),
                    People = parse.GetValue(people),
                };
                MeasurementReport report;
                if (steps > 0)
                {
                    ConsoleProgress? bar = null;
                    report = Evaluation.RunPersonalized(runner, ModelLoader.Resolve(parse.GetValue(checkpoint)), parse.GetValue(data)!, options,
                        new PersonalizationOptions { Steps = steps }, label, (done, total) =>
                        {
                            bar ??= new ConsoleProgress("personalisation steps", total);
                            bar.Report(done);
                        });
                    bar?.Finish();
                }
                else
                {
                    // BlazePose is loaded only when the split has pairs to re-detect.
                    Redetection? redetection = null;
                    var estimator = new PoseEstimatorOptions { Model = BlazePoseModelFiles.Parse(poseModel.Value(parse)!) };
                    try
                    {
                        report = Evaluation.Run(runner, parse.GetValue(data)!, options, label, items => (redetection ??= new Redetection(estimator)).Score(items));
                    }
                    finally
                    {
                        redetection?.Dispose();
                    }
                }

                JsonOutput.Report(report, jsonPath, parse.GetValue(overwrite), parse);
                if (PairsEvaluation.ComparisonTable(report) is string pairsTable)
                {
                    JsonOutput.TableWriter(jsonPath).Write(Environment.NewLine + pairsTable);
                }
            }

            return 0;
        });
        return command;
    }
}
