using System.CommandLine;
using OpenCvSharp;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet reconstruct</c>: input | stickman | reconstruction with the posterior mean, one row per image.</summary>
internal static class ReconstructCommand
{
    public static Command Create()
    {
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        Option<string> data = ModelOptions.Data();
        Option<int> threads = ModelOptions.Threads();
        var outPath = new Option<string>("--out") { Description = "Grid image (.png)", Required = true };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var images = new Option<int>("--images") { Description = "Number of images (rows)", DefaultValueFactory = _ => 8 };
        var command = new Command("reconstruct", "Reconstruct test images with the posterior mean z and write a grid (input, stickman, output).")
        {
            checkpoint, data, outPath, images, threads, overwrite,
        };
        command.SetAction(parse =>
        {
            PathChecks.Check(PathChecks.Inputs(("--data", parse.GetValue(data)), ("--checkpoint", parse.GetValue(checkpoint))),
                parse.GetValue(overwrite), NamedOutput.File("--out", parse.GetValue(outPath)!));
            (VUnetRunner runner, string label) = ModelOptions.Open(parse.GetValue(checkpoint), parse.GetValue(threads));
            using (runner)
            {
                PoseDataset test = PoseDataset.Open(parse.GetValue(data)!, DatasetSplit.Test);
                using ModelInputs inputs = runner.Load(Spread.Pick(test.Samples, Math.Max(1, parse.GetValue(images))));
                using Mat sheet = ExperimentGrids.Reconstruction(runner, inputs, $"reconstruction (posterior mean) - {label}");
                string path = parse.GetValue(outPath)!;
                ImageGrid.SavePng(sheet, path);
                Console.WriteLine($"wrote {path} ({inputs.Count} images)");
            }

            return 0;
        });
        return command;
    }
}
