using VUnetStream.Tests.Shared;
using System.Net;

namespace VUnetStream.Service.Tests;

/// <summary>DELETE /jobs/{id} on a queued and on a running job.</summary>
[Collection(ServerCollection.Name)]
public sealed class CancelTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CancellingAQueuedJob_CancelsItAtOnce_AndARunningOne_StopsIt()
    {
        // A long example keeps the one runner busy, so the second job waits in the queue.
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath, exampleSeconds: 30);
        string running = (await server.SubmitExampleAsync()).GetProperty("id").GetString()!;
        await server.WaitForAsync(running, 60, "running");
        string queued = (await server.SubmitExampleAsync()).GetProperty("id").GetString()!;

        using HttpResponseMessage cancelQueued = await server.Client.DeleteAsync($"/jobs/{queued}");
        using HttpResponseMessage cancelRunning = await server.Client.DeleteAsync($"/jobs/{running}");

        Assert.Equal(HttpStatusCode.OK, cancelQueued.StatusCode);
        Assert.Equal("cancelled", (await server.GetJobAsync(queued)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Accepted, cancelRunning.StatusCode);
        var stopped = await server.WaitForAsync(running, 60, "cancelled", "failed", "succeeded");
        Assert.Equal("cancelled", stopped.GetProperty("state").GetString());
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "jobs", running, "result.mp4")));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "jobs", queued, "result.mp4")));
    }
}
