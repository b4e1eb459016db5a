using System.Text.Json.Nodes;
using VUnetStream.Cli.Tests.Batch;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests;

/// <summary>`vunet bench service` at CI speed: a few short jobs of the tiny model through both modes.</summary>
[Collection(BatchCollection.Name)]
public sealed class BenchServiceTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-bench-service-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TenTinyJobsThroughBothModes_EverySucceeds_BothWorkersRunSome_AndThePercentilesAreOrdered()
    {
        // 10 jobs: keys hash to the workers' partitions at random, so with 4 jobs one worker would get none
        // one run in eight; with 10, one in 500.
        string json = Path.Combine(_dir, "service.json");
        using VunetProcess vunet = VunetProcess.Start(_dir,
            ["bench", "service", "--jobs", "10", "--seconds", "0.3", "--clip-size", "128", "--mode", "both", "--checkpoint", model.CheckpointPath, "--json", json]);
        int code = vunet.WaitForExit(TimeSpan.FromMinutes(10));

        Assert.True(code == 0, $"exit code {code}: {vunet.Stderr}");
        JsonObject report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        JsonKeyRules.AssertUnitsFreeKeys(report, "settings");
        JsonKeyRules.AssertNumbersHaveUnits(report);
        foreach (string mode in new[] { "kafka", "embedded" })
        {
            Assert.Equal(10, Number(report, $"{mode}_jobs_succeeded"));
            Assert.Equal(0, Number(report, $"{mode}_jobs_failed"));
            Assert.True(Number(report, $"{mode}_job_rate") > 0);
            foreach (string what in new[] { "job_latency", "list_latency" })
            {
                double p50 = Number(report, $"{mode}_{what}_p50");
                double p95 = Number(report, $"{mode}_{what}_p95");
                double p99 = Number(report, $"{mode}_{what}_p99");
                Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"{mode} {what}: {p50} {p95} {p99}");
            }

            Assert.True(Number(report, $"{mode}_list_requests") >= 1);
        }

        Assert.True(Number(report, "kafka_worker_w1_jobs") > 0, report.ToJsonString());
        Assert.True(Number(report, "kafka_worker_w2_jobs") > 0, report.ToJsonString());
        Assert.Equal(10, Number(report, "kafka_worker_w1_jobs") + Number(report, "kafka_worker_w2_jobs"));
        double share = Number(report, "kafka_worker_w1_busy_share");
        Assert.True(share is > 0 and <= 1.05, $"busy share {share}");
        Assert.True(Number(report, "clip_frames") > 0);
        double ratio = Number(report, "service_overhead_ratio");
        Assert.True(ratio is > 0.05 and < 5, $"overhead ratio {ratio}");
        Assert.Contains("load_average_start", report.Select(p => p.Key));
        Assert.Contains("load_average_end", report.Select(p => p.Key));
        Assert.NotNull(report["cpu_features"]);
        Assert.Contains("bench service:", vunet.Stdout, StringComparison.Ordinal);
        Assert.Contains("worker w2:", vunet.Stderr, StringComparison.Ordinal);
    }

    private static double Number(JsonObject report, string key) =>
        report[key]?.GetValue<double>() ?? throw new Xunit.Sdk.XunitException($"no number '{key}' in {report.ToJsonString()}");
}
