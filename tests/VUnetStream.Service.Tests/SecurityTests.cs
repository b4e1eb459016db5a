using VUnetStream.Tests.Shared;
using System.Net;

namespace VUnetStream.Service.Tests;

/// <summary>The API key and the refusal to serve the network without one.</summary>
[Collection(ServerCollection.Name)]
public sealed class SecurityTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WithAKey_RequestsWithoutItOrWithAWrongOneAre401_AndHealthStaysOpen()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath, apiKey: "s3cret-key");
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = server.Client.BaseAddress };
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "s3cret-kez");

        foreach (HttpClient client in new[] { anonymous, wrong })
        {
            foreach (string path in new[] { "/jobs", "/metrics", "/jobs/AAAAAAAAAAAAAAAAAAAAAA/result" })
            {
                using HttpResponseMessage response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
            }

            using HttpResponseMessage post = await client.PostAsync("/jobs", new StringContent("{\"example\": true}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
            using HttpResponseMessage health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.Equal("[]", await server.Client.GetStringAsync("/jobs"));
        Assert.Equal("[]", await anonymous.GetStringAsync("/jobs?api_key=s3cret-key"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDirectory, "jobs")));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    public void ListeningBeyondThisMachineWithoutAKey_IsRefused(string host)
    {
        var options = new Server.ServerOptions { Host = host, Port = 0, Service = new ServiceOptions { DataDirectory = Path.Combine(_dir, "data") } };

        ArgumentException error = Assert.Throws<ArgumentException>(() => Server.VUnetServer.Build(options));

        Assert.Contains("--api-key", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")));
        (options with { ApiKey = "k" }).Validate();
        (options with { Host = "localhost" }).Validate();
    }
}
