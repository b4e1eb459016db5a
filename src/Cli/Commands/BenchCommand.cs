using System.CommandLine;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet bench ...</c>: speed and cost measurements of the stages (benchmarks, not tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed and cost on this machine (model, pose, pipeline).");
        bench.Subcommands.Add(BenchModelCommand.Create());
        bench.Subcommands.Add(BenchPoseCommand.Create());
        bench.Subcommands.Add(BenchPipelineCommand.Create());
        return bench;
    }
}
