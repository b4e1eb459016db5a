using System.CommandLine;
using OpenCvSharp;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet sample</c>: several appearances drawn from the prior p(z | ŷ) for each pose.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        Option<string> data = ModelOptions.Data();
        Option<int> threads = ModelOptions.Threads();
        var outPath = new Option<string>("--out") { Description = "Grid image (.png)", Required = true };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var poses = new Option<int>("--poses") { Description = "Number of poses (rows)", DefaultValueFactory = _ => 4 };
        var samples = new Option<int>("--samples") { Description = "Samples per pose (columns)", DefaultValueFactory = _ => 6 };
        var seed = new Option<long>("--seed") { Description = "Seed of the samples", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Draw appearances from the prior p(z|ŷ) for fixed poses and write a grid (same pose, new looks).")
        {
            checkpoint, data, outPath, poses, samples, seed, threads, overwrite,
        };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(samples);
            if (k < 1)
            {
                throw new ArgumentException($"--samples must be at least 1, got {k}");
            }

            PathChecks.Check(PathChecks.Inputs(("--data", parse.GetValue(data)), ("--checkpoint", parse.GetValue(checkpoint))),
                parse.GetValue(overwrite), NamedOutput.File("--out", parse.GetValue(outPath)!));
            (VUnetRunner runner, string label) = ModelOptions.Open(parse.GetValue(checkpoint), parse.GetValue(threads));
            using (runner)
            {
                PoseDataset test = PoseDataset.Open(parse.GetValue(data)!, DatasetSplit.Test);
                using ModelInputs inputs = runner.Load(Spread.Pick(test.Samples, Math.Max(1, parse.GetValue(poses))));
                using Mat sheet = ExperimentGrids.Samples(runner, inputs, k, parse.GetValue(seed), $"samples from the prior p(z|y) - {label}");
                string path = parse.GetValue(outPath)!;
                ImageGrid.SavePng(sheet, path);
                Console.WriteLine($"wrote {path} ({inputs.Count} poses x {k} samples)");
            }

            return 0;
        });
        return command;
    }
}
