using System.Diagnostics;
using System.Text.Json;

namespace VUnetStream.Cli.ServiceBench;

/// <summary>
/// What a client (the web page, `batch --server`) does under load: GET /jobs every interval. Each
/// request's latency (headers and body read, not the parsing) is one sample; the same answers tell when
/// each job was first seen ended, which is the end of its latency as a client sees it.
/// </summary>
internal sealed class JobListPoller(HttpClient api, Stopwatch clock, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly List<double> _latencies = [];
    private readonly Dictionary<string, (string State, TimeSpan At, string? Error)> _ended = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _last = new(StringComparer.Ordinal);

    /// <summary>Seconds per GET /jobs so far.</summary>
    public double[] Latencies()
    {
        lock (_gate)
        {
            return [.. _latencies];
        }
    }

    /// <summary>Jobs seen ended so far: their state, when (on the benchmark's clock) and their error.</summary>
    public Dictionary<string, (string State, TimeSpan At, string? Error)> Ended()
    {
        lock (_gate)
        {
            return new Dictionary<string, (string, TimeSpan, string?)>(_ended, StringComparer.Ordinal);
        }
    }

    /// <summary>Each job's state in the latest answer, with its frames (what a stalled run was doing).</summary>
    public Dictionary<string, string> LastSeen()
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(_last, StringComparer.Ordinal);
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan start = clock.Elapsed;
            string body;
            try
            {
                body = await api.GetStringAsync(new Uri("jobs", UriKind.Relative), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            TimeSpan seen = clock.Elapsed;
            using JsonDocument jobs = JsonDocument.Parse(body);
            lock (_gate)
            {
                _latencies.Add((seen - start).TotalSeconds);
                foreach (JsonElement job in jobs.RootElement.EnumerateArray())
                {
                    string id = job.GetProperty("id").GetString()!;
                    string state = job.GetProperty("state").GetString()!;
                    _last[id] = job.TryGetProperty("frames_done", out JsonElement done) && job.TryGetProperty("frames_total", out JsonElement total)
                        ? $"{state} {done}/{total}"
                        : state;
                    if (state is "succeeded" or "failed" or "cancelled" && !_ended.ContainsKey(id))
                    {
                        _ended[id] = (state, seen, job.TryGetProperty("error", out JsonElement e) ? e.GetString() : null);
                    }
                }
            }

            try
            {
                await Task.Delay(interval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
