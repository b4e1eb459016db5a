using System.CommandLine;
using OpenCvSharp;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet transfer</c>: the appearance of each image A in the pose of each image B (full table).</summary>
internal static class TransferCommand
{
    public static Command Create()
    {
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        Option<string> data = ModelOptions.Data();
        Option<int> threads = ModelOptions.Threads();
        var outPath = new Option<string>("--out") { Description = "Grid image (.png)", Required = true };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var appearances = new Option<int>("--appearances") { Description = "Appearance images A (columns), spread over the test split", DefaultValueFactory = _ => 5 };
        var poses = new Option<int>("--poses") { Description = "Pose images B (rows), spread over the test split between the A images", DefaultValueFactory = _ => 5 };
        var command = new Command("transfer", "Put the appearance of images A onto the poses of images B and write the full A x B table.")
        {
            checkpoint, data, outPath, appearances, poses, threads, overwrite,
        };
        command.SetAction(parse =>
        {
            int a = Math.Max(1, parse.GetValue(appearances));
            int b = Math.Max(1, parse.GetValue(poses));
            PathChecks.Check(PathChecks.Inputs(("--data", parse.GetValue(data)), ("--checkpoint", parse.GetValue(checkpoint))),
                parse.GetValue(overwrite), NamedOutput.File("--out", parse.GetValue(outPath)!));
            (VUnetRunner runner, string label) = ModelOptions.Open(parse.GetValue(checkpoint), parse.GetValue(threads));
            using (runner)
            {
                // Picks spread over the whole split (datasets list each person's images together), the
                // poses halfway between the looks, so that A and B are different people where possible.
                PoseDataset test = PoseDataset.Open(parse.GetValue(data)!, DatasetSplit.Test);
                PoseSample[] looks = Spread.Pick(test.Samples, a);
                PoseSample[] targets = Spread.Pick(test.Samples, b, phase: 0.5);
                using ModelInputs lookInputs = runner.Load(looks);
                using ModelInputs poseInputs = runner.Load(targets);
                using Mat sheet = ExperimentGrids.Transfer(runner, lookInputs, poseInputs, $"transfer: look of A (columns) in pose of B (rows) - {label}");
                string path = parse.GetValue(outPath)!;
                ImageGrid.SavePng(sheet, path);
                Console.WriteLine($"wrote {path} ({looks.Length} looks x {targets.Length} poses)");
            }

            return 0;
        });
        return command;
    }
}
