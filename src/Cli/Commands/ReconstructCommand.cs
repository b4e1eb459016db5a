using System.CommandLine;
using OpenCvSharp;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet reconstruct</c>: input | stickman | reconstruction with the posterior mean, one row per image
/// (<c>--out</c>), and/or each reconstruction as a PNG under its image's name (<c>--out-dir</c>).
/// </summary>
internal static class ReconstructCommand
{
    public static Command Create()
    {
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        Option<string> data = ModelOptions.Data();
        Option<int> threads = ModelOptions.Threads();
        var outPath = new Option<string?>("--out") { Description = "Grid image (.png)" };
        var outDir = new Option<string?>("--out-dir") { Description = "Also (or instead) write each reconstruction as DIR/NAME.png (the test image's name), at the model size" };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var images = new Option<int>("--images") { Description = "Number of images, spread over the test split (0 = all; the grid shows at most 64)", DefaultValueFactory = _ => 8 };
        var command = new Command("reconstruct", "Reconstruct test images with the posterior mean z: a grid (input, stickman, output) and/or one image each.")
        {
            checkpoint, data, outPath, outDir, overwrite, images, threads,
        };
        command.SetAction(parse =>
        {
            string? gridPath = parse.GetValue(outPath);
            string? folder = parse.GetValue(outDir);
            if (gridPath is null && folder is null)
            {
                throw new ArgumentException("reconstruct: give --out (grid image), --out-dir (one image per test image), or both");
            }

            if (gridPath is not null)
            {
                PathChecks.Check(PathChecks.Inputs(("--data", parse.GetValue(data)), ("--checkpoint", parse.GetValue(checkpoint))),
                    parse.GetValue(overwrite), NamedOutput.File("--out", gridPath));
            }

            PoseDataset test = PoseDataset.Open(parse.GetValue(data)!, DatasetSplit.Test);
            int count = parse.GetValue(images);
            PoseSample[] picked = count <= 0 ? [.. test.Samples] : Spread.Pick(test.Samples, count);
            GeneratedImageFolder? output = folder is null
                ? null
                : GeneratedImageFolder.Prepare(folder, GeneratedImages.ReconstructionNames(picked), parse.GetValue(overwrite));
            (VUnetRunner runner, string label) = ModelOptions.Open(parse.GetValue(checkpoint), parse.GetValue(threads));
            using (runner)
            {
                if (output is not null)
                {
                    GeneratedImages.WriteReconstructions(runner, picked, output);
                    Console.WriteLine($"wrote {output.Count} reconstructions to {output.Path}");
                }

                if (gridPath is not null)
                {
                    // One grid row per image: a sheet of every test image would be unreadable and huge.
                    using ModelInputs inputs = runner.Load(picked.Take(MaxGridRows).ToArray());
                    using Mat sheet = ExperimentGrids.Reconstruction(runner, inputs, $"reconstruction (posterior mean) - {label}");
                    ImageGrid.SavePng(sheet, gridPath);
                    Console.WriteLine($"wrote {gridPath} ({inputs.Count} images)");
                }
            }

            return 0;
        });
        return command;
    }

    private const int MaxGridRows = 64;
}
