using System.Net.Http.Json;
using System.Text.Json;
using VUnetStream.Cli.Tests.Batch;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests;

/// <summary>
/// The Kafka mode's hardest failure, with real processes: a worker killed outright (SIGKILL: no hand-back,
/// no consumer close) in the middle of a job. The group notices when its session times out and gives the
/// job's partition to the other worker, which runs the job to its one result.
/// </summary>
[Collection(BatchCollection.Name)]
public sealed class KafkaKilledWorkerTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-cli-killed-worker-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AWorkerKilledMidJob_TheOtherWorkerRunsTheJobAfterTheSessionTimesOut_AndItSucceedsWithOneResult()
    {
        string media = Directory.CreateDirectory(Path.Combine(_dir, "media")).FullName;
        using VunetProcess broker = VunetProcess.Start(_dir, ["broker", "--mock"]);
        string bootstrap = await FirstLineAsync(broker, "the broker's bootstrap list");
        using VunetProcess serve = VunetProcess.Start(_dir, ["serve", "--port", "0", "--data", "serve-data", "--kafka", bootstrap, "--media-root", media]);
        string url = await FirstLineAsync(serve, "the server's URL");
        VunetProcess[] workers = new[] { "w1", "w2" }.Select(name => VunetProcess.Start(_dir,
            ["worker", "--kafka", bootstrap, "--media-root", media, "--checkpoint", model.CheckpointPath, "--threads", "1", "--name", name])).ToArray();
        try
        {
            await Until(() => workers.All(w => w.Stderr.Contains("assigned", StringComparison.Ordinal)), 60, "both workers to join the group", workers);
            using var api = new HttpClient { BaseAddress = new Uri(url.Trim()) };
            using HttpResponseMessage created = await api.PostAsJsonAsync("/jobs", new { example = true });
            string id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

            await Until(() => workers.Any(w => w.Stderr.Contains($"job {id} attempt 1 started", StringComparison.Ordinal)), 60, "a worker to start the job", workers);
            VunetProcess first = workers.Single(w => w.Stderr.Contains($"job {id} attempt 1 started", StringComparison.Ordinal));
            VunetProcess other = workers.Single(w => w != first);
            first.Signal("KILL");

            JsonElement job = default;
            await Until(() =>
            {
                job = JsonDocument.Parse(api.GetStringAsync($"/jobs/{id}").GetAwaiter().GetResult()).RootElement.Clone();
                return job.GetProperty("state").GetString() is "succeeded" or "failed" or "cancelled";
            }, 120, "the job to end", workers);

            Assert.True(job.GetProperty("state").GetString() == "succeeded", job.ToString());
            Assert.Contains($"job {id} attempt 1 started", other.Stderr, StringComparison.Ordinal);
            Assert.Equal(["result.mp4"], Directory.GetFiles(Path.Combine(media, "jobs", id)).Select(Path.GetFileName).Where(n => n!.StartsWith("result", StringComparison.Ordinal)));
            Assert.True(new FileInfo(Path.Combine(media, "jobs", id, "result.mp4")).Length > 1000);
        }
        finally
        {
            foreach (VunetProcess worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private static async Task<string> FirstLineAsync(VunetProcess process, string what)
    {
        await Until(() => process.Stdout.Contains('\n', StringComparison.Ordinal), 60, what, [process]);
        return process.Stdout.Split('\n')[0].Trim();
    }

    private static async Task Until(Func<bool> condition, double seconds, string what, IEnumerable<VunetProcess> logs)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out after {seconds} s waiting for {what}:{Environment.NewLine}{string.Join(Environment.NewLine + "---" + Environment.NewLine, logs.Select(p => p.Stderr))}");
            await Task.Delay(200);
        }
    }
}
