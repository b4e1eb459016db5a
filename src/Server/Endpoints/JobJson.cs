using System.Globalization;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Server.Endpoints;

/// <summary>A job as the API shows it (snake_case keys, times in ISO 8601 UTC, URLs of its result and live view).</summary>
internal sealed record JobJson(
    string Id,
    string State,
    string Source,
    JobInputsJson Inputs,
    JobOptions Options,
    int FramesDone,
    int FramesTotal,
    string? Error,
    string? ResultUrl,
    string? LiveUrl,
    string CreatedAt,
    string? StartedAt,
    string? FinishedAt)
{
    public static JobJson From(ServiceJob job) => new(
        job.Id,
        JobStates.Name(job.State),
        job.Source.ToString().ToLowerInvariant(),
        new JobInputsJson(job.VideoName, job.PhotoName),
        job.Options,
        job.FramesDone,
        job.FramesTotal,
        job.Error,
        job.State == JobState.Succeeded ? $"/jobs/{job.Id}/result" : null,
        job.State == JobState.Running ? $"/jobs/{job.Id}/live" : null,
        Time(job.CreatedAt)!,
        Time(job.StartedAt),
        Time(job.FinishedAt));

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The inputs by the names the client knows them (uploads: the file names sent; media: the paths given).</summary>
internal sealed record JobInputsJson(string Video, string Photo);

/// <summary>A JSON submission: the example, or two paths inside the media root, with options.</summary>
internal sealed record JobSubmissionJson(bool Example, string? VideoPath, string? PhotoPath, JobOptions? Options);

/// <summary>Every error answer: one message a person can act on.</summary>
internal sealed record ErrorJson(string Error);
