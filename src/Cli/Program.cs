using System.CommandLine;
using VUnetStream.Cli.Commands;

namespace VUnetStream.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("VUnetStream: make the person in a photo perform the motion of a dancer in a video (Variational U-Net).");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        return await CommandRunner.InvokeAsync(root, args).ConfigureAwait(false);
    }
}
