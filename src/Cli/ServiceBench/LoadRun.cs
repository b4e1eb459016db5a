using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace VUnetStream.Cli.ServiceBench;

/// <summary>How a bounded load run went: every job's client-side latency, every GET /jobs latency, the wall time.</summary>
internal sealed record LoadResult(int Jobs, int Succeeded, int Failed, double Seconds, double[] JobLatencies, double[] ListLatencies, string? FirstError)
{
    /// <summary>Succeeded jobs per minute over the whole run (first submit to the last job seen ended).</summary>
    public double JobsPerMinute => Seconds > 0 ? Succeeded / Seconds * 60 : double.NaN;
}

/// <summary>
/// A bounded load test against a running API: submits every job at once (POST /jobs naming the clip in the
/// media root, as a burst client would), polls GET /jobs in the background, and waits until each job has
/// ended. A job's latency is its submit (before the POST) to the first poll that shows it ended, so it
/// includes queueing behind the others and has the poll interval as its resolution.
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient api, int jobs, object submission, TimeSpan pollInterval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var poller = new JobListPoller(api, clock, pollInterval);
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task polling = poller.RunAsync(stopPolling.Token);
        try
        {
            var submitted = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            for (int i = 0; i < jobs; i++)
            {
                TimeSpan at = clock.Elapsed;
                submitted[await SubmitAsync(api, submission, cancellationToken).ConfigureAwait(false)] = at;
            }

            Dictionary<string, (string State, TimeSpan At, string? Error)> ended = poller.Ended();
            while (!submitted.Keys.All(ended.ContainsKey))
            {
                if (clock.Elapsed > timeout)
                {
                    Dictionary<string, string> last = poller.LastSeen();
                    string open = string.Join(", ", submitted.Keys.Where(id => !ended.ContainsKey(id)).Select(id => $"{id} {last.GetValueOrDefault(id, "never listed")}"));
                    throw new TimeoutException($"bench service: {submitted.Keys.Count(id => !ended.ContainsKey(id))} of {jobs} jobs had not ended after {timeout.TotalSeconds:0} s: {open}");
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                ended = poller.Ended();
            }

            var mine = submitted.Keys.Select(id => (Submitted: submitted[id], Ended: ended[id])).ToList();
            return new LoadResult(
                jobs,
                mine.Count(j => j.Ended.State == "succeeded"),
                mine.Count(j => j.Ended.State != "succeeded"),
                mine.Max(j => j.Ended.At).TotalSeconds,
                [.. mine.Select(j => (j.Ended.At - j.Submitted).TotalSeconds)],
                poller.Latencies(),
                mine.Select(j => j.Ended.Error).FirstOrDefault(e => e is not null));
        }
        finally
        {
            await stopPolling.CancelAsync().ConfigureAwait(false);
            await polling.ConfigureAwait(false);
        }
    }

    /// <summary>One job, watched closely (every 20 ms) from submit to the client seeing it succeed: seconds and frames.</summary>
    public static async Task<(double Seconds, int Frames)> RunOneAsync(HttpClient api, object submission, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string id = await SubmitAsync(api, submission, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            using JsonDocument job = JsonDocument.Parse(await api.GetStringAsync(new Uri($"jobs/{id}", UriKind.Relative), cancellationToken).ConfigureAwait(false));
            JsonElement root = job.RootElement;
            switch (root.GetProperty("state").GetString())
            {
                case "succeeded":
                    return (clock.Elapsed.TotalSeconds, root.GetProperty("frames_total").GetInt32());
                case "failed" or "cancelled":
                    throw new InvalidOperationException($"bench service: the job failed: {root.GetProperty("error").GetString()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"bench service: the job had not ended after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> SubmitAsync(HttpClient api, object submission, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await api.PostAsJsonAsync(new Uri("jobs", UriKind.Relative), submission, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"bench service: POST /jobs answered {(int)response.StatusCode}: {body}");
        }

        using JsonDocument job = JsonDocument.Parse(body);
        return job.RootElement.GetProperty("id").GetString()!;
    }
}
