using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VUnetStream.Application;
using VUnetStream.Cli.Hosting;

namespace VUnetStream.Cli.Tests;

/// <summary>The command-line host's wiring (issue 11: each host wired in one place, one service per process).</summary>
public sealed class HostWiringTests
{
    private static IHost BuildHost()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddVUnetCommandLine();
        return builder.Build();
    }

    [Fact]
    public void TheHost_GivesEveryCommandTheSameTransferService_SoJobsShareLoadedModels()
    {
        using IHost host = BuildHost();

        var first = host.Services.GetRequiredService<TransferService>();
        var second = host.Services.GetRequiredService<TransferService>();

        Assert.Same(first, second);
        Assert.Equal(0, first.ModelLoads);
    }

    [Fact]
    public void TheHost_BuildsTheWholeCommandTree_WithTheDocumentedCommands()
    {
        using IHost host = BuildHost();

        RootCommand root = host.Services.GetRequiredService<RootCommand>();

        string[] names = root.Subcommands.Select(c => c.Name).ToArray();
        Assert.Equal(
            ["demo", "transfer-video", "batch", "synth", "check", "pose", "pose-eval", "segment", "segment-eval", "train", "reconstruct", "sample", "transfer", "eval", "personalize", "eval-video", "export-model", "bench", "serve", "worker", "broker"],
            names);
    }

    [Fact]
    public async Task StoppingTheHost_DisposesTheTransferService_WhichThenRefusesJobs()
    {
        TransferService service;
        using (IHost host = BuildHost())
        {
            service = host.Services.GetRequiredService<TransferService>();
        }

        var request = new TransferVideoRequest { VideoPath = "dancer.mp4", PhotoPath = "person.png", OutputPath = "out.mp4" };
        using var metrics = new VUnetStream.Pipeline.Metrics.PipelineMetrics();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => service.RunAsync(request, metrics));
    }
}
