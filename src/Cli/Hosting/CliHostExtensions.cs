using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using VUnetStream.Application;
using VUnetStream.Cli.Commands;

namespace VUnetStream.Cli.Hosting;

/// <summary>
/// The command-line host's wiring, in one place: the application's services (one <see cref="TransferService"/>
/// per process, so every job a command runs shares its loaded models and pose estimators) and the command tree.
/// </summary>
internal static class CliHostExtensions
{
    public static IServiceCollection AddVUnetCommandLine(this IServiceCollection services)
    {
        services.AddSingleton<TransferService>();
        services.AddSingleton(provider => CreateRootCommand(provider));
        return services;
    }

    private static RootCommand CreateRootCommand(IServiceProvider services)
    {
        // Commands resolve services when they run, not when the tree is built, so `--help` or a usage
        // error never loads anything.
        var root = new RootCommand("VUnetStream: make the person in a photo perform the motion of a dancer in a video (Variational U-Net).");
        root.Subcommands.Add(DemoCommand.Create(services));
        root.Subcommands.Add(TransferVideoCommand.Create(services));
        root.Subcommands.Add(BatchCommand.Create(services));
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(PoseCommand.Create());
        root.Subcommands.Add(PoseEvalCommand.Create());
        root.Subcommands.Add(SegmentCommand.Create());
        root.Subcommands.Add(SegmentEvalCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ReconstructCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(TransferCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(PersonalizeCommand.Create());
        root.Subcommands.Add(EvalVideoCommand.Create());
        root.Subcommands.Add(ExportModelCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(BrokerCommand.Create());
        return root;
    }
}
