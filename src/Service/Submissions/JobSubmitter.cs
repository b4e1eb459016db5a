using VUnetStream.Application;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Queue;
using VUnetStream.Service.Storage;

namespace VUnetStream.Service.Submissions;

/// <summary>
/// Turns a client's request into a queued job, or refuses it with the reason before anything is kept:
/// uploads are stored in the job's folder under generated names, within the size limits, and decoded
/// once (a file that is not a video or an image is refused here, not as a failed job later); paths must
/// lie inside the media root; options are checked as the job will use them.
/// </summary>
public sealed class JobSubmitter(JobStore store, JobQueue queue, DataFolder data, ServiceOptions options)
{
    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi"];
    private static readonly string[] PhotoExtensions = [".png", ".jpg", ".jpeg", ".webp", ".bmp"];

    public async Task<ServiceJob> SubmitUploadAsync(Upload video, Upload photo, JobOptions jobOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(photo);
        CheckOptions(jobOptions);
        string id = JobIds.New();
        string folder = data.JobFolder(id);
        Directory.CreateDirectory(folder);
        try
        {
            string videoPath = await StoreAsync(video, folder, "video", VideoExtensions, options.MaxVideoBytes, cancellationToken).ConfigureAwait(false);
            string photoPath = await StoreAsync(photo, folder, "photo", PhotoExtensions, options.MaxPhotoBytes, cancellationToken).ConfigureAwait(false);
            var job = NewJob(id, JobSource.Upload, videoPath, photoPath, DisplayName(video.FileName), DisplayName(photo.FileName), jobOptions);
            CheckContent(job);
            return Enqueue(job);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public ServiceJob SubmitMedia(string? videoPath, string? photoPath, JobOptions jobOptions)
    {
        CheckOptions(jobOptions);
        string video = MediaRoot.Resolve(options.MediaRoot, videoPath, "video_path");
        string photo = MediaRoot.Resolve(options.MediaRoot, photoPath, "photo_path");
        var job = NewJob(JobIds.New(), JobSource.Media, video, photo, videoPath!, photoPath!, jobOptions);
        string folder = data.JobFolder(job.Id);
        Directory.CreateDirectory(folder);
        try
        {
            CheckContent(job);
            return Enqueue(job);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>The built-in example; its synthetic inputs are made when the job runs (in its folder).</summary>
    public ServiceJob SubmitExample(JobOptions jobOptions)
    {
        CheckOptions(jobOptions);
        string id = JobIds.New();
        string folder = data.ExampleFolder(id);
        var job = NewJob(id, JobSource.Example,
            Path.Combine(folder, Synth.Output.ClipGenerator.VideoFile), Path.Combine(folder, Synth.Output.ClipGenerator.PersonFile),
            "example dancer", "example person", jobOptions) with
        {
            PhotoKeypoints = Path.Combine(folder, Synth.Output.ClipGenerator.PersonKeypointsFile),
            DancerKeypoints = Path.Combine(folder, Synth.Output.ClipGenerator.KeypointFolder),
        };
        Directory.CreateDirectory(data.JobFolder(id));
        return Enqueue(job);
    }

    private ServiceJob Enqueue(ServiceJob job)
    {
        store.Insert(job);
        if (!queue.TryEnqueue(job.Id))
        {
            store.TryCancelQueued(job.Id, DateTimeOffset.UtcNow);
            throw new JobRejectedException(RejectionReason.QueueFull, $"the queue is full ({options.QueueCapacity} jobs wait); try again later");
        }

        return job;
    }

    private static ServiceJob NewJob(string id, JobSource source, string video, string photo, string videoName, string photoName, JobOptions jobOptions) => new()
    {
        Id = id,
        Source = source,
        VideoPath = video,
        PhotoPath = photo,
        VideoName = videoName,
        PhotoName = photoName,
        Options = jobOptions,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static void CheckOptions(JobOptions jobOptions)
    {
        try
        {
            JobRequests.CheckOptions(jobOptions);
        }
        catch (ArgumentException ex)
        {
            throw new JobRejectedException(RejectionReason.Invalid, ex.Message);
        }
    }

    /// <summary>Both inputs decode, and the request passes the checks the job itself makes first.</summary>
    private void CheckContent(ServiceJob job)
    {
        try
        {
            TransferInputChecks.CheckVideo(job.VideoPath, options.MaxVideoSeconds);
            TransferInputChecks.CheckPhoto(job.PhotoPath);
            TransferRequestChecks.Validate(JobRequests.For(job, data.ResultPath(job.Id), options));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException)
        {
            throw new JobRejectedException(RejectionReason.Invalid, ServerPaths.Hide(ex.Message, job, data));
        }
    }

    private static async Task<string> StoreAsync(Upload upload, string folder, string stem, string[] extensions, long limit, CancellationToken cancellationToken)
    {
        if (upload.Length > limit)
        {
            throw new JobRejectedException(RejectionReason.TooLarge, $"{stem} is {Size(upload.Length)}; this server accepts at most {Size(limit)}");
        }

        // The client's name chooses nothing but a known extension (decoders look at the content anyway).
        string extension = Path.GetExtension(upload.FileName ?? "").ToLowerInvariant();
        string path = Path.Combine(folder, stem + (extensions.Contains(extension) ? extension : ""));
        Stream source = upload.OpenRead();
        await using (source.ConfigureAwait(false))
        {
            var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            await using (target.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        throw new JobRejectedException(RejectionReason.TooLarge, $"{stem} is larger than the {Size(limit)} this server accepts");
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return path;
    }

    /// <summary>A byte count as people read it: MiB from 1 MiB up, else KiB.</summary>
    internal static string Size(long bytes) => bytes >= 1L << 20
        ? $"{bytes / 1048576.0:0.#} MiB"
        : $"{bytes / 1024.0:0.#} KiB";

    /// <summary>The client's file name as a label: its last part, without control characters, at most 200 characters.</summary>
    private static string DisplayName(string? name)
    {
        string last = Path.GetFileName((name ?? "").Replace('\\', '/'));
        string clean = new(last.Where(c => !char.IsControl(c)).Take(200).ToArray());
        return clean.Length > 0 ? clean : "upload";
    }
}
