using System.CommandLine;
using VUnetStream.Cli.Commands;

namespace VUnetStream.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("VUnetStream: make the person in a photo perform the motion of a dancer in a video (Variational U-Net).");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TransferVideoCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(PoseCommand.Create());
        root.Subcommands.Add(PoseEvalCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ReconstructCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(TransferCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ExportModelCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return await CommandRunner.InvokeAsync(root, args).ConfigureAwait(false);
    }
}
