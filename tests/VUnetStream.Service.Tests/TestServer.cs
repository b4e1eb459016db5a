using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using VUnetStream.Server;
using VUnetStream.Service;

namespace VUnetStream.Service.Tests;

/// <summary>
/// The real server on 127.0.0.1 and a free port, over a data folder of the test's (kept across
/// <see cref="RestartAsync"/>), with the tiny model and a short built-in example.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private WebApplication _app;

    private TestServer(ServerOptions options, WebApplication app)
    {
        Options = options;
        _app = app;
        Client = NewClient(app);
    }

    public ServerOptions Options { get; }

    public HttpClient Client { get; private set; }

    public string DataDirectory => Options.Service.DataDirectory;

    public static async Task<TestServer> StartAsync(string dataDirectory, string checkpoint, string? apiKey = null, string? mediaRoot = null, double exampleSeconds = 0.4,
        Func<ServiceOptions, ServiceOptions>? limits = null)
    {
        var options = new ServerOptions
        {
            Port = 0,
            ApiKey = apiKey,
            Service = new ServiceOptions
            {
                DataDirectory = dataDirectory,
                Checkpoint = checkpoint,
                MediaRoot = mediaRoot,
                ExampleSeconds = exampleSeconds,
                Threads = 1,
            },
        };
        if (limits is not null)
        {
            options = options with { Service = limits(options.Service) };
        }

        WebApplication app = VUnetServer.Build(options);
        await app.StartAsync();
        return new TestServer(options, app);
    }

    /// <summary>Stops the server (as SIGTERM would) and starts a new one on the same data folder.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _app = VUnetServer.Build(Options);
        await _app.StartAsync();
        Client = NewClient(_app);
    }

    public async Task StopAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async Task<JsonElement> SubmitExampleAsync()
    {
        using HttpResponseMessage response = await Client.PostAsJsonAsync("/jobs", new { example = true });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> GetJobAsync(string id) =>
        JsonDocument.Parse(await Client.GetStringAsync($"/jobs/{id}")).RootElement.Clone();

    /// <summary>Polls the job until it is in one of <paramref name="states"/> (fails after <paramref name="seconds"/>).</summary>
    public async Task<JsonElement> WaitForAsync(string id, double seconds, params string[] states)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement job;
        do
        {
            job = await GetJobAsync(id);
            if (states.Contains(job.GetProperty("state").GetString()))
            {
                return job;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);

        Assert.Fail($"job {id} did not reach {string.Join("/", states)} in {seconds} s: {job}");
        return job;
    }

    private HttpClient NewClient(WebApplication app)
    {
        var client = new HttpClient { BaseAddress = VUnetServer.Url(app), Timeout = TimeSpan.FromSeconds(60) };
        if (Options.ApiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", Options.ApiKey);
        }

        return client;
    }
}
