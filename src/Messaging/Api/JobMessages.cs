using VUnetStream.Messaging.Messages;
using VUnetStream.Service;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Storage;

namespace VUnetStream.Messaging.Api;

/// <summary>A stored job as its message: paths made relative to the shared media root.</summary>
internal static class JobMessages
{
    public static JobMessage From(ServiceJob job, DataFolder data, ServiceOptions options)
    {
        string root = options.MediaRoot ?? throw new InvalidOperationException("the Kafka mode needs a media root");
        return new JobMessage
        {
            Id = job.Id,
            Source = job.Source,
            Video = Relative(root, job.VideoPath),
            Photo = Relative(root, job.PhotoPath),
            PhotoKeypoints = job.PhotoKeypoints is null ? null : Relative(root, job.PhotoKeypoints),
            DancerKeypoints = job.DancerKeypoints is null ? null : Relative(root, job.DancerKeypoints),
            Output = Relative(root, data.ResultPath(job.Id)),
            VideoName = job.VideoName,
            PhotoName = job.PhotoName,
            Options = job.Options,
            ExampleSeconds = options.ExampleSeconds,
        };
    }

    private static string Relative(string root, string path)
    {
        string relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? throw new InvalidOperationException($"'{path}' is outside the media root, which the workers cannot see")
            : relative;
    }
}
