using System.CommandLine;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet eval</c>: SSIM/PSNR/L1 and appearance measures of reconstruction and transfer, sample diversity and shape consistency (see <see cref="Evaluation"/>).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        Option<string?> checkpoint = ModelOptions.Checkpoint();
        Option<string> data = ModelOptions.Data();
        Option<int> threads = ModelOptions.Threads();
        var json = new Option<string?>("--json") { Description = "Also write the results as one JSON object to this file" };
        var images = new Option<int>("--images") { Description = "Test images to reconstruct", DefaultValueFactory = _ => 64 };
        var transfers = new Option<int>("--transfers") { Description = "Transfer triples to score (transfer.csv or pairs.csv)", DefaultValueFactory = _ => 64 };
        var samplePoses = new Option<int>("--sample-poses") { Description = "Poses to sample from the prior", DefaultValueFactory = _ => 8 };
        var samples = new Option<int>("--samples") { Description = "Samples per pose (at least 2)", DefaultValueFactory = _ => 4 };
        var command = new Command("eval", "Evaluate a VUNet on a held-out split: reconstruction and transfer SSIM/PSNR/L1 and appearance measures against the mean person, sample diversity, shape consistency.")
        {
            checkpoint, data, json, images, transfers, samplePoses, samples, threads,
        };
        command.SetAction(parse =>
        {
            (VUnetRunner runner, string label) = ModelOptions.Open(parse.GetValue(checkpoint), parse.GetValue(threads));
            using (runner)
            {
                var options = new EvalOptions
                {
                    Images = Math.Max(1, parse.GetValue(images)),
                    Transfers = Math.Max(0, parse.GetValue(transfers)),
                    SamplePoses = Math.Max(1, parse.GetValue(samplePoses)),
                    SamplesPerPose = parse.GetValue(samples),
                };
                MeasurementReport report = Evaluation.Run(runner, parse.GetValue(data)!, options, label);
                Console.Write(report.ToTable());
                if (parse.GetValue(json) is string path)
                {
                    report.WriteJson(path);
                }
            }

            return 0;
        });
        return command;
    }
}
