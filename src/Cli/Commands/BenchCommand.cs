using System.CommandLine;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet bench ...</c>: speed and cost measurements of the stages (benchmarks, not tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed and cost on this machine (model, pose, pipeline, service).");
        bench.Subcommands.Add(BenchModelCommand.Create());
        bench.Subcommands.Add(BenchPoseCommand.Create());
        bench.Subcommands.Add(BenchPipelineCommand.Create());
        bench.Subcommands.Add(BenchServiceCommand.Create());
        return bench;
    }
}
