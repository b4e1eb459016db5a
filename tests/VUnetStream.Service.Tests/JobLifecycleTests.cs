using VUnetStream.Tests.Shared;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace VUnetStream.Service.Tests;

/// <summary>A job from submission to its downloadable result, over HTTP on 127.0.0.1.</summary>
[Collection(ServerCollection.Name)]
public sealed class JobLifecycleTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheExample_IsQueuedThenSucceeds_AndItsResultDownloadsWithARangeRequest()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);

        JsonElement submitted = await server.SubmitExampleAsync();
        string id = submitted.GetProperty("id").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{22}$", id);
        Assert.Equal("queued", submitted.GetProperty("state").GetString());
        Assert.Equal("example", submitted.GetProperty("source").GetString());

        JsonElement done = await server.WaitForAsync(id, 180, "succeeded", "failed");
        Assert.True(done.GetProperty("state").GetString() == "succeeded", done.ToString());
        int frames = done.GetProperty("frames_done").GetInt32();
        Assert.True(frames > 0);
        Assert.Equal(frames, done.GetProperty("frames_total").GetInt32());
        DateTime created = ParseUtc(done.GetProperty("created_at").GetString()!);
        DateTime started = ParseUtc(done.GetProperty("started_at").GetString()!);
        DateTime finished = ParseUtc(done.GetProperty("finished_at").GetString()!);
        Assert.True(created <= started && started <= finished);
        Assert.Equal($"/jobs/{id}/result", done.GetProperty("result_url").GetString());

        JsonElement list = JsonDocument.Parse(await server.Client.GetStringAsync("/jobs")).RootElement;
        Assert.Contains(list.EnumerateArray(), j => j.GetProperty("id").GetString() == id);

        string resultFile = Path.Combine(server.DataDirectory, "jobs", id, "result.mp4");
        long size = new FileInfo(resultFile).Length;
        using var range = new HttpRequestMessage(HttpMethod.Get, $"/jobs/{id}/result");
        range.Headers.Range = new RangeHeaderValue(4, 11);
        using HttpResponseMessage partial = await server.Client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("video/mp4", partial.Content.Headers.ContentType!.MediaType);
        Assert.Equal(size, partial.Content.Headers.ContentRange!.Length);
        byte[] bytes = await partial.Content.ReadAsByteArrayAsync();
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(8, bytes.Length);

        byte[] whole = await server.Client.GetByteArrayAsync($"/jobs/{id}/result");
        Assert.Equal(size, whole.Length);

        // Nothing but the result is left in the job's folder under a temporary name.
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(server.DataDirectory, "jobs", id)), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public async Task CancellingAFinishedJob_Is409AndLeavesItSucceeded()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);
        string id = (await server.SubmitExampleAsync()).GetProperty("id").GetString()!;
        await server.WaitForAsync(id, 180, "succeeded", "failed");

        using HttpResponseMessage cancel = await server.Client.DeleteAsync($"/jobs/{id}");

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("already ended", await cancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("succeeded", (await server.GetJobAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task UnknownJobs_Are404_ForEveryJobEndpoint()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);
        string unknown = "AAAAAAAAAAAAAAAAAAAAAA";

        foreach (string path in new[] { $"/jobs/{unknown}", $"/jobs/{unknown}/result", $"/jobs/{unknown}/live", "/jobs/not-an-id", "/jobs/..%2F..%2Fjobs.db/result" })
        {
            using HttpResponseMessage response = await server.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        using HttpResponseMessage delete = await server.Client.DeleteAsync($"/jobs/{unknown}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    private static DateTime ParseUtc(string text)
    {
        Assert.EndsWith("Z", text, StringComparison.Ordinal);
        return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
    }
}
