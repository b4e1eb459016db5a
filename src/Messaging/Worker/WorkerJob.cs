using VUnetStream.Messaging.Messages;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Messaging.Worker;

/// <summary>A job message with its paths resolved on this worker's media root.</summary>
internal sealed record WorkerJob(JobMessage Message, ServiceJob Job, string OutputPath)
{
    public static WorkerJob Resolve(JobMessage message, string mediaRoot)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mediaRoot));
        var job = new ServiceJob
        {
            Id = message.Id,
            Source = message.Source,
            VideoPath = Inside(root, message.Video),
            PhotoPath = Inside(root, message.Photo),
            PhotoKeypoints = message.PhotoKeypoints is null ? null : Inside(root, message.PhotoKeypoints),
            DancerKeypoints = message.DancerKeypoints is null ? null : Inside(root, message.DancerKeypoints),
            VideoName = message.VideoName,
            PhotoName = message.PhotoName,
            Options = message.Options,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        return new WorkerJob(message, job, Inside(root, message.Output));
    }

    /// <summary>A message names files by reference; one that points outside the media root is refused, not followed.</summary>
    private static string Inside(string root, string relative)
    {
        string full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new InvalidDataException($"the job names '{relative}', which is outside the media root");
    }
}
