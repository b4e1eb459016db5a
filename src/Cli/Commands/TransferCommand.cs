using System.CommandLine;
using OpenCvSharp;
using VUnetStream.Cli.Output;
using VUnetStream.Core.IO;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet transfer</c>: the appearance of each image A in the pose of each image B (full table,
/// <c>--out</c>), and/or one PNG per row of test/transfer.csv or pairs.csv (<c>--out-dir</c>).
/// </summary>
internal static class TransferCommand
{
    public static Command Create()
    {
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        Option<string> data = ModelOptions.Data();
        Option<int> threads = ModelOptions.Threads();
        var outPath = new Option<string?>("--out") { Description = "Grid image (.png) of the A x B table" };
        var outDir = new Option<string?>("--out-dir")
        {
            Description = "Also (or instead) write each transfer of test/transfer.csv as DIR/TARGET at the model size (pairs.csv: DIR/FROM___TO.png at the size of the TO image)",
        };
        var transfers = new Option<int>("--transfers") { Description = "With --out-dir: the first N rows (0 = all)", DefaultValueFactory = _ => 0 };
        Option<bool> overwrite = OutputOptions.Overwrite();
        var appearances = new Option<int>("--appearances") { Description = "Appearance images A (columns), spread over the test split", DefaultValueFactory = _ => 5 };
        var poses = new Option<int>("--poses") { Description = "Pose images B (rows), spread over the test split between the A images", DefaultValueFactory = _ => 5 };
        var command = new Command("transfer", "Put the appearance of images A onto the poses of images B: the full A x B table (--out) and/or one image per transfer.csv row (--out-dir).")
        {
            checkpoint, data, outPath, outDir, transfers, overwrite, appearances, poses, threads,
        };
        command.SetAction(parse =>
        {
            string? gridPath = parse.GetValue(outPath);
            string? folder = parse.GetValue(outDir);
            if (gridPath is null && folder is null)
            {
                throw new ArgumentException("transfer: give --out (grid image), --out-dir (one image per transfer), or both");
            }

            if (gridPath is not null)
            {
                PathChecks.Check(PathChecks.Inputs(("--data", parse.GetValue(data)), ("--checkpoint", parse.GetValue(checkpoint))),
                    parse.GetValue(overwrite), NamedOutput.File("--out", gridPath));
            }

            PoseDataset test = PoseDataset.Open(parse.GetValue(data)!, DatasetSplit.Test);
            IReadOnlyList<TransferTriple> triples = [];
            GeneratedImageFolder? output = null;
            if (folder is not null)
            {
                int limit = parse.GetValue(transfers);
                triples = TransferTriples.Read(test, limit > 0 ? limit : null);
                if (triples.Count == 0)
                {
                    throw new InvalidDataException($"{test.Root}: no transfer.csv or pairs.csv rows to write to --out-dir");
                }

                output = GeneratedImageFolder.Prepare(folder, GeneratedImages.TransferNames(triples), parse.GetValue(overwrite));
            }

            (VUnetRunner runner, string label) = ModelOptions.Open(parse.GetValue(checkpoint), parse.GetValue(threads));
            using (runner)
            {
                if (output is not null)
                {
                    GeneratedImages.WriteTransfers(runner, triples, output);
                    Console.WriteLine($"wrote {output.Count} transfers to {output.Path}");
                }

                if (gridPath is not null)
                {
                    WriteGrid(runner, label, test, gridPath, Math.Max(1, parse.GetValue(appearances)), Math.Max(1, parse.GetValue(poses)));
                }
            }

            return 0;
        });
        return command;
    }

    private static void WriteGrid(VUnetRunner runner, string label, PoseDataset test, string path, int a, int b)
    {
        // Picks spread over the whole split (datasets list each person's images together), the
        // poses halfway between the looks, so that A and B are different people where possible.
        PoseSample[] looks = Spread.Pick(test.Samples, a);
        PoseSample[] targets = Spread.Pick(test.Samples, b, phase: 0.5);
        using ModelInputs lookInputs = runner.Load(looks);
        using ModelInputs poseInputs = runner.Load(targets);
        using Mat sheet = ExperimentGrids.Transfer(runner, lookInputs, poseInputs, $"transfer: look of A (columns) in pose of B (rows) - {label}");
        ImageGrid.SavePng(sheet, path);
        Console.WriteLine($"wrote {path} ({looks.Length} looks x {targets.Length} poses)");
    }
}
