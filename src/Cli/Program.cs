using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VUnetStream.Cli;
using VUnetStream.Cli.Hosting;

PreloadedAllocator.KeepFromChildren();

// An empty builder: no console logger or configuration files, so a command's output is only its own.
HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.Services.AddVUnetCommandLine();
using IHost host = builder.Build();
return await CommandRunner.InvokeAsync(host.Services.GetRequiredService<RootCommand>(), args).ConfigureAwait(false);
