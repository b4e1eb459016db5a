using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using VUnetStream.Core.IO;

namespace VUnetStream.Cli.Batch;

/// <summary>
/// Submits every video to a running `vunet serve` (uploads over its HTTP API), so the server's queue holds
/// them all at once, then follows them until each ends and downloads each result as it succeeds (under a
/// temporary name, renamed when complete). A video the server refuses (it does not decode, too large)
/// fails its row with the server's reason. Cancelling the batch cancels its jobs that have not ended.
/// </summary>
internal sealed class ServerBatchBackend(HttpClient http, BatchSettings settings) : IBatchBackend
{
    public async Task<IReadOnlyList<BatchRow>> RunAsync(IReadOnlyList<BatchJob> jobs, BatchProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(progress);
        var rows = new BatchRow?[jobs.Count];
        var pending = new Dictionary<int, string>();
        for (int i = 0; i < jobs.Count; i++)
        {
            (string? id, string? error) = await SubmitAsync(jobs[i].Video, cancellationToken).ConfigureAwait(false);
            if (id is null)
            {
                rows[i] = BatchRow.Failed(jobs[i].Video.Name, error!);
                progress.Ended(jobs[i].Video.Name);
            }
            else
            {
                pending[i] = id;
            }
        }

        try
        {
            while (pending.Count > 0)
            {
                foreach ((int i, string id) in pending.ToList())
                {
                    JsonElement job = await GetJsonAsync($"jobs/{id}", cancellationToken).ConfigureAwait(false);
                    int done = job.GetProperty("frames_done").GetInt32();
                    progress.Report(jobs[i].Video.Name, done, job.GetProperty("frames_total").GetInt32());
                    if (await EndedAsync(jobs[i], id, job, cancellationToken).ConfigureAwait(false) is { } row)
                    {
                        rows[i] = row;
                        pending.Remove(i);
                        progress.Ended(jobs[i].Video.Name);
                    }
                }

                if (pending.Count > 0)
                {
                    await Task.Delay(settings.PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The jobs were submitted for this batch only: nobody else waits for them.
            foreach ((int i, string id) in pending)
            {
                await CancelQuietlyAsync(id).ConfigureAwait(false);
                rows[i] = new BatchRow(jobs[i].Video.Name, BatchState.Cancelled, 0, 0, null, $"cancelled (server job {id})");
            }

            throw;
        }

        return rows.Select(r => r!).ToList();
    }

    private async Task<(string? Id, string? Error)> SubmitAsync(BatchVideo video, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        using FileStream videoStream = File.OpenRead(video.Path);
        using FileStream photoStream = File.OpenRead(settings.PhotoPath);
        form.Add(new StreamContent(videoStream), "video", Path.GetFileName(video.Path));
        form.Add(new StreamContent(photoStream), "photo", Path.GetFileName(settings.PhotoPath));
        using HttpResponseMessage response = await http.PostAsync(new Uri("jobs", UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return (null, $"the server refused it ({(int)response.StatusCode}): {ErrorOf(body)}");
        }

        return (JsonDocument.Parse(body).RootElement.GetProperty("id").GetString(), null);
    }

    /// <summary>The row of a job that has ended (downloading a result first); null while it is queued or running.</summary>
    private async Task<BatchRow?> EndedAsync(BatchJob batchJob, string id, JsonElement job, CancellationToken cancellationToken)
    {
        string name = batchJob.Video.Name;
        int frames = job.GetProperty("frames_done").GetInt32();
        double seconds = Seconds(job);
        switch (job.GetProperty("state").GetString())
        {
            case "succeeded":
                await DownloadAsync(job.GetProperty("result_url").GetString()!, batchJob.Output, cancellationToken).ConfigureAwait(false);
                return new BatchRow(name, BatchState.Succeeded, frames, seconds, batchJob.Output, null);
            case "failed":
                return new BatchRow(name, BatchState.Failed, frames, seconds, null, job.GetProperty("error").GetString() ?? "failed on the server");
            case "cancelled":
                return new BatchRow(name, BatchState.Cancelled, frames, seconds, null, $"cancelled on the server (job {id})");
            default:
                return null;
        }
    }

    private async Task DownloadAsync(string resultUrl, string output, CancellationToken cancellationToken)
    {
        string temp = AtomicFile.TemporaryPathFor(output);
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(resultUrl.TrimStart('/'), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            FileStream file = new(temp, FileMode.Create, FileAccess.Write);
            await using (file.ConfigureAwait(false))
            {
                await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, output, overwrite: settings.Overwrite);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {ErrorOf(body)}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task CancelQuietlyAsync(string id)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using HttpResponseMessage _ = await http.DeleteAsync(new Uri($"jobs/{id}", UriKind.Relative), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // Best effort: the batch is stopping either way.
        }
    }

    private static double Seconds(JsonElement job)
    {
        if (job.GetProperty("started_at").GetString() is { } started && job.GetProperty("finished_at").GetString() is { } finished)
        {
            return (Parse(finished) - Parse(started)).TotalSeconds;
        }

        return 0;
    }

    private static DateTime Parse(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static string ErrorOf(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString() ?? body;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    /// <summary>An HTTP client for the server at <paramref name="server"/>, with the API key when there is one.</summary>
    public static HttpClient Client(Uri server, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(server);
        var http = new HttpClient
        {
            BaseAddress = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/"),
            Timeout = TimeSpan.FromMinutes(30),
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }
}
