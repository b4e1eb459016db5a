using Confluent.Kafka;
using VUnetStream.Core.IO;
using VUnetStream.Messaging;
using VUnetStream.Messaging.Messages;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Cli.Batch;

/// <summary>
/// Publishes every video as a job straight to the Kafka mode's jobs topic (no API in between), for the
/// `vunet worker`s of that cluster, and follows the events topic until each has ended. The contract is the
/// API's: media travel by reference, so the photo and the videos are copied into the media root the
/// workers share (<c>MEDIA/batch/BATCH/</c>) and the messages name them relative to it; each job's result
/// is written there by its worker and copied to the batch's output (under a temporary name, renamed).
/// The events are read from the end offsets taken before the first job is published, so none is missed
/// and older ones are not read. The batch's folder in the media root is removed at the end.
/// </summary>
internal sealed class KafkaBatchBackend(KafkaOptions kafka, string mediaRoot, BatchSettings settings) : IBatchBackend
{
    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<BatchRow>> RunAsync(IReadOnlyList<BatchJob> jobs, BatchProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(progress);
        string root = Path.GetFullPath(mediaRoot);
        string batchId = JobIds.New();
        string folder = Path.Combine(root, "batch", batchId);
        Directory.CreateDirectory(folder);
        try
        {
            return await Task.Run(() => Run(jobs, progress, root, folder, batchId, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // The copies and the workers' results were made for this batch only; the results are copied out.
            Directory.Delete(folder, recursive: true);
        }
    }

    private List<BatchRow> Run(IReadOnlyList<BatchJob> jobs, BatchProgress progress, string root, string folder, string batchId, CancellationToken cancellationToken)
    {
        using IConsumer<string, string> events = new ConsumerBuilder<string, string>(KafkaClients.Consumer(kafka, $"vunet-batch-{batchId}", "vunet-batch")).Build();
        events.Assign(EndOffsets(events));
        using IProducer<string, string> producer = KafkaClients.Producer(kafka, "vunet-batch");

        string photo = "photo" + Path.GetExtension(settings.PhotoPath);
        File.Copy(settings.PhotoPath, Path.Combine(folder, photo));
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        var started = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var rows = new BatchRow?[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            string id = JobIds.New();
            string video = $"{i:000}{Path.GetExtension(jobs[i].Video.Path)}";
            File.Copy(jobs[i].Video.Path, Path.Combine(folder, video));
            var message = new JobMessage
            {
                Id = id,
                Source = JobSource.Media,
                Video = Relative(root, Path.Combine(folder, video)),
                Photo = Relative(root, Path.Combine(folder, photo)),
                Output = Relative(root, Path.Combine(folder, id + ".mp4")),
                VideoName = jobs[i].Video.Name,
                PhotoName = Path.GetFileName(settings.PhotoPath),
            };

            // Awaited: the job counts as handed over once the cluster has it.
            producer.ProduceAsync(kafka.JobsTopic, new Message<string, string> { Key = id, Value = MessageJson.Write(message) }, cancellationToken).GetAwaiter().GetResult();
            pending[id] = i;
        }

        try
        {
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ConsumeResult<string, string>? result = events.Consume(TimeSpan.FromMilliseconds(200));
                if (result?.Message?.Value is not { } value || MessageJson.TryRead<JobEvent>(value) is not { } e || !pending.TryGetValue(e.JobId, out int i))
                {
                    continue;
                }

                BatchJob job = jobs[i];
                double seconds = started.TryGetValue(e.JobId, out DateTimeOffset at) ? (e.At - at).TotalSeconds : 0;
                switch (e.Kind)
                {
                    case JobEventKind.Started:
                        started[e.JobId] = e.At;
                        break;
                    case JobEventKind.Progress:
                        progress.Report(job.Video.Name, e.FramesDone, e.FramesTotal);
                        break;
                    case JobEventKind.Succeeded:
                        CopyResult(Path.Combine(folder, e.JobId + ".mp4"), job.Output);
                        rows[i] = new BatchRow(job.Video.Name, BatchState.Succeeded, e.FramesDone, seconds, job.Output, null);
                        break;
                    case JobEventKind.Failed:
                        rows[i] = new BatchRow(job.Video.Name, BatchState.Failed, e.FramesDone, seconds, null, e.Error ?? "failed on a worker");
                        break;
                }

                if (rows[i] is not null)
                {
                    pending.Remove(e.JobId);
                    progress.Ended(job.Video.Name);
                }
            }
        }
        finally
        {
            events.Close();
        }

        return rows.Select(r => r!).ToList();
    }

    /// <summary>Every partition of the events topic at its current end: what is published from now on.</summary>
    private List<TopicPartitionOffset> EndOffsets(IConsumer<string, string> events)
    {
        using IAdminClient admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        TopicMetadata topic = admin.GetMetadata(kafka.EventsTopic, ClusterTimeout).Topics.Single();
        if (topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"the Kafka cluster at {kafka.BootstrapServers} has no topic {kafka.EventsTopic} ({topic.Error.Reason}): is it the Kafka mode's cluster?");
        }

        return topic.Partitions
            .Select(p => new TopicPartition(kafka.EventsTopic, p.PartitionId))
            .Select(tp => new TopicPartitionOffset(tp, events.QueryWatermarkOffsets(tp, ClusterTimeout).High))
            .ToList();
    }

    private void CopyResult(string source, string output)
    {
        string temp = AtomicFile.TemporaryPathFor(output);
        try
        {
            File.Copy(source, temp, overwrite: true);
            File.Move(temp, output, overwrite: settings.Overwrite);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
