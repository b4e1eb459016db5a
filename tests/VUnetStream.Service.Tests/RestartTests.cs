using VUnetStream.Tests.Shared;
using System.Text.Json;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Storage;

namespace VUnetStream.Service.Tests;

/// <summary>The job store across restarts: no job is lost, interrupted ones run again.</summary>
[Collection(ServerCollection.Name)]
public sealed class RestartTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AJobLeftRunningInTheStore_IsQueuedAgainAfterARestart_AndCompletes_WhileEarlierJobsAreStillListed()
    {
        string data = Path.Combine(_dir, "data");
        await using TestServer server = await TestServer.StartAsync(data, model.CheckpointPath);
        string first = (await server.SubmitExampleAsync()).GetProperty("id").GetString()!;
        await server.WaitForAsync(first, 180, "succeeded", "failed");
        await server.StopAsync();

        // As if the process had been killed mid-job: the store still says running.
        var store = new JobStore(new DataFolder(data).DatabasePath);
        string cut = JobIds.New();
        string example = Path.Combine(new DataFolder(data).ExampleFolder(cut));
        store.Insert(new ServiceJob
        {
            Id = cut,
            Source = JobSource.Example,
            VideoPath = Path.Combine(example, Synth.Output.ClipGenerator.VideoFile),
            PhotoPath = Path.Combine(example, Synth.Output.ClipGenerator.PersonFile),
            PhotoKeypoints = Path.Combine(example, Synth.Output.ClipGenerator.PersonKeypointsFile),
            DancerKeypoints = Path.Combine(example, Synth.Output.ClipGenerator.KeypointFolder),
            VideoName = "example dancer",
            PhotoName = "example person",
            CreatedAt = DateTimeOffset.UtcNow,
        });
        Assert.True(store.TryClaim(cut, DateTimeOffset.UtcNow));
        Assert.Equal(JobState.Running, store.Get(cut)!.State);

        await server.RestartAsync();

        JsonElement list = JsonDocument.Parse(await server.Client.GetStringAsync("/jobs")).RootElement;
        Assert.Equal([first, cut], list.EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToArray());
        Assert.Equal("succeeded", list[0].GetProperty("state").GetString());
        JsonElement rerun = await server.WaitForAsync(cut, 180, "succeeded", "failed");
        Assert.True(rerun.GetProperty("state").GetString() == "succeeded", rerun.ToString());
        Assert.True(File.Exists(Path.Combine(data, "jobs", cut, "result.mp4")));
    }

    [Fact]
    public async Task StoppingTheServerWhileAJobRuns_LeavesItQueuedWithoutAResult()
    {
        string data = Path.Combine(_dir, "data");

        // A long example: it is still being made or rendered when the server stops.
        await using TestServer server = await TestServer.StartAsync(data, model.CheckpointPath, exampleSeconds: 30);
        string id = (await server.SubmitExampleAsync()).GetProperty("id").GetString()!;
        await server.WaitForAsync(id, 60, "running");

        await server.StopAsync();

        ServiceJob stored = new JobStore(new DataFolder(data).DatabasePath).Get(id)!;
        Assert.Equal(JobState.Queued, stored.State);
        Assert.Null(stored.StartedAt);
        Assert.False(File.Exists(Path.Combine(data, "jobs", id, "result.mp4")));
    }
}
