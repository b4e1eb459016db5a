using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Submissions;

namespace VUnetStream.Server.Endpoints;

/// <summary>POST /jobs, GET /jobs, GET /jobs/{id}, DELETE /jobs/{id}.</summary>
internal static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/jobs", SubmitAsync).DisableAntiforgery();
        routes.MapGet("/jobs", (JobLookup jobs) => Results.Ok(jobs.List().Select(JobJson.From)));
        routes.MapGet("/jobs/{id}", (string id, JobLookup jobs) =>
            jobs.Find(id) is { } job ? Results.Ok(JobJson.From(job)) : NotFound(id));
        routes.MapDelete("/jobs/{id}", (string id, JobLookup jobs) => jobs.Cancel(id) switch
        {
            CancelOutcome.NotFound => NotFound(id),
            CancelOutcome.AlreadyFinished => Results.Conflict(new ErrorJson($"job {id} has already ended ({JobStates.Name(jobs.Find(id)!.State)})")),
            CancelOutcome.Stopping => Results.Accepted($"/jobs/{id}", JobJson.From(jobs.Find(id)!)),
            _ => Results.Ok(JobJson.From(jobs.Find(id)!)),
        });
        return routes;
    }

    internal static IResult NotFound(string id) => Results.NotFound(new ErrorJson($"no job {id}"));

    /// <summary>Multipart (video + photo + optional options JSON) or a JSON body (example, or media-root paths).</summary>
    private static async Task<IResult> SubmitAsync(HttpContext context, JobSubmitter submitter)
    {
        JsonSerializerOptions json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            ServiceJob job;
            if (context.Request.HasFormContentType)
            {
                IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                IFormFile video = form.Files["video"] ?? throw Invalid("the form needs a file field 'video' (the dancer video)");
                IFormFile photo = form.Files["photo"] ?? throw Invalid("the form needs a file field 'photo' (the target person)");
                JobOptions options = ParseOptions(form["options"].FirstOrDefault(), json);
                job = await submitter.SubmitUploadAsync(
                    new Upload(video.FileName, video.Length, video.OpenReadStream),
                    new Upload(photo.FileName, photo.Length, photo.OpenReadStream),
                    options, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                JobSubmissionJson body = await ReadBodyAsync(context, json).ConfigureAwait(false);
                JobOptions options = body.Options ?? new JobOptions();
                job = body.Example ? submitter.SubmitExample(options) : submitter.SubmitMedia(body.VideoPath, body.PhotoPath, options);
            }

            return Results.Created($"/jobs/{job.Id}", JobJson.From(job));
        }
        catch (JobRejectedException ex)
        {
            int status = ex.Reason switch
            {
                RejectionReason.TooLarge => StatusCodes.Status413PayloadTooLarge,
                RejectionReason.QueueFull => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status400BadRequest,
            };
            return Results.Json(new ErrorJson(ex.Message), json, statusCode: status);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits (a body beyond the largest upload) and malformed multipart bodies.
            return Results.Json(new ErrorJson(ex.Message), json, statusCode: ex.StatusCode);
        }
        catch (InvalidDataException ex)
        {
            return Results.Json(new ErrorJson($"the form cannot be read: {ex.Message}"), json, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<JobSubmissionJson> ReadBodyAsync(HttpContext context, JsonSerializerOptions json)
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<JobSubmissionJson>(json, context.RequestAborted).ConfigureAwait(false)
                ?? throw Invalid("the body is empty");
        }
        catch (JsonException ex)
        {
            throw Invalid($"the body is not the expected JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            throw Invalid("send multipart/form-data (video, photo, options) or application/json ({\"example\": true} or {\"video_path\": ..., \"photo_path\": ...})");
        }
    }

    private static JobOptions ParseOptions(string? text, JsonSerializerOptions json)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JobOptions();
        }

        try
        {
            return JsonSerializer.Deserialize<JobOptions>(text, json) ?? new JobOptions();
        }
        catch (JsonException ex)
        {
            throw Invalid($"options is not the expected JSON: {ex.Message}");
        }
    }

    private static JobRejectedException Invalid(string message) => new(RejectionReason.Invalid, message);
}
