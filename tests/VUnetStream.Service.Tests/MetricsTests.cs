using VUnetStream.Tests.Shared;
using System.Net;
using System.Text.RegularExpressions;

namespace VUnetStream.Service.Tests;

/// <summary>GET /metrics: Prometheus text with the service's job counts and the pipeline's meters.</summary>
[Collection(ServerCollection.Name)]
public sealed class MetricsTests(TinyModelFixture model) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vunet-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Metrics_CountJobsPerStateAndOutcome_InPrometheusTextFormat()
    {
        await using TestServer server = await TestServer.StartAsync(Path.Combine(_dir, "data"), model.CheckpointPath);
        string before = await server.Client.GetStringAsync("/metrics");
        Assert.Matches(new Regex(@"^vunet_service_jobs\{[^}]*state=""succeeded""[^}]*\} 0\b", RegexOptions.Multiline), before);

        string id = (await server.SubmitExampleAsync()).GetProperty("id").GetString()!;
        await server.WaitForAsync(id, 180, "succeeded", "failed");
        using HttpResponseMessage response = await server.Client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^# TYPE vunet_service_jobs gauge$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^vunet_service_jobs\{[^}]*state=""succeeded""[^}]*\} 1\b", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^vunet_service_jobs\{[^}]*state=""queued""[^}]*\} 0\b", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^vunet_service_jobs_finished_total\{[^}]*outcome=""succeeded""[^}]*\} 1\b", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^vunet_service_job_duration_seconds_count\{[^}]*outcome=""succeeded""[^}]*\} 1\b", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^vunet_pipeline_frames_total\{", RegexOptions.Multiline), text);
    }
}
