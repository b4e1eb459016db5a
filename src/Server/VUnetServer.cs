using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VUnetStream.Server;

/// <summary>The job server's entry point: `vunet serve` calls <see cref="RunAsync"/>.</summary>
public static class VUnetServer
{
    /// <summary>
    /// Serves until <paramref name="stopping"/> is cancelled, then stops cleanly: running jobs are cancelled
    /// and stay queued for the next start. The first line on <paramref name="stdout"/> is the server's URL.
    /// </summary>
    public static async Task RunAsync(ServerOptions options, TextWriter stdout, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        WebApplication app = Build(options);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(stopping).ConfigureAwait(false);
            await stdout.WriteLineAsync(Url(app).ToString()).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The configured server, not started (tests start it on port 0).</summary>
    internal static WebApplication Build(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });

        // Standard output carries the URL line only; the server's own messages (warnings and worse) go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // The caller's cancellation (the CLI's SIGINT/SIGTERM handling) stops the server, not the host's own signal handler.
        builder.Services.AddSingleton<IHostLifetime, CallerLifetime>();
        builder.AddVUnetServer(options);
        WebApplication app = builder.Build();
        app.MapVUnetApi(options);
        return app;
    }

    /// <summary>The address the started server listens on (the real port when 0 was asked for).</summary>
    internal static Uri Url(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>A lifetime that leaves process signals to the caller.</summary>
    private sealed class CallerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
