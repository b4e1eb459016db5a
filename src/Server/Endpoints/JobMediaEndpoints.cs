using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VUnetStream.Application.Preview;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Queue;
using VUnetStream.Service.Storage;

namespace VUnetStream.Server.Endpoints;

/// <summary>GET /jobs/{id}/result (the MP4, with range requests) and GET /jobs/{id}/live (MJPEG while it renders).</summary>
internal static class JobMediaEndpoints
{
    private const string Boundary = "vunetframe";

    public static IEndpointRouteBuilder MapJobMediaEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/jobs/{id}/result", (string id, JobLookup jobs, DataFolder data) =>
        {
            ServiceJob? job = jobs.Find(id);
            if (job is null)
            {
                return JobEndpoints.NotFound(id);
            }

            if (job.State != JobState.Succeeded || !File.Exists(data.ResultPath(id)))
            {
                return Results.Conflict(new ErrorJson($"job {id} has no result ({JobStates.Name(job.State)})"));
            }

            return Results.File(data.ResultPath(id), "video/mp4", $"vunet-{id}.mp4", enableRangeProcessing: true);
        });
        routes.MapGet("/jobs/{id}/live", StreamLiveAsync);
        return routes;
    }

    /// <summary>
    /// multipart/x-mixed-replace of the newest frame, as browsers show in an &lt;img&gt;; a viewer slower
    /// than the job skips frames (the result keeps all). The stream closes when the job ends.
    /// </summary>
    private static async Task StreamLiveAsync(string id, HttpContext context, JobLookup jobs, RunningJobs running)
    {
        ServiceJob? job = jobs.Find(id);
        if (job is null)
        {
            await JobEndpoints.NotFound(id).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (running.Find(id) is not { } run)
        {
            await Results.Conflict(new ErrorJson($"job {id} is not running ({JobStates.Name(job.State)})")).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        FrameBroadcaster frames = run.LiveFrames;
        HttpResponse response = context.Response;
        response.ContentType = $"multipart/x-mixed-replace; boundary={Boundary}";
        response.Headers.CacheControl = "no-cache";
        CancellationToken aborted = context.RequestAborted;
        using IDisposable viewer = frames.Watch();
        long seen = 0;
        try
        {
            while (await frames.NextAsync(seen, aborted).ConfigureAwait(false) is { } frame)
            {
                seen = frame.Sequence;
                await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {frame.Jpeg.Length}\r\n\r\n"), aborted).ConfigureAwait(false);
                await response.Body.WriteAsync(frame.Jpeg, aborted).ConfigureAwait(false);
                await response.Body.WriteAsync("\r\n"u8.ToArray(), aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }

            await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"), aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The viewer went away.
        }
    }
}
