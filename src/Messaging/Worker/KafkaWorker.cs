using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using VUnetStream.Messaging.Messages;

namespace VUnetStream.Messaging.Worker;

/// <summary>
/// One member of the workers' consumer group. The contract:
/// <list type="bullet">
/// <item>at least once: a job's offset is stored only after its output is durable (or it went to the
/// dead-letter topic, or was published again for its next attempt); a redelivered job whose output already
/// exists is acknowledged without rework;</item>
/// <item>a job runs beside the consume loop, its partitions paused, so the loop keeps polling and a job
/// longer than max.poll.interval.ms does not cost the worker its membership;</item>
/// <item>a failing job is published again (attempt + 1, same key) and after the last attempt goes to the
/// dead-letter topic with its error; the jobs behind it carry on;</item>
/// <item>a job a client cancelled (cancels topic) is stopped if running, skipped if it comes later, and
/// acknowledged either way;</item>
/// <item>stopping (or losing the job's partition in a rebalance) cancels the job and hands it back
/// (its offset is not stored; the group gives it to a worker again), then the consumer is closed.</item>
/// </list>
/// Everything touching the consumer happens on the loop's one thread (rebalance handlers run inside Consume).
/// </summary>
internal sealed class KafkaWorker : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);
    private readonly KafkaOptions _kafka;
    private readonly string _mediaRoot;
    private readonly IJobExecutor _executor;
    private readonly ILogger _log;
    private readonly IProducer<string, string> _producer;
    private IConsumer<string, string>? _consumer;
    private readonly Queue<ConsumeResult<string, string>> _waiting = new();
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    private RunningJob? _running;
    private bool _paused;
    private int _assigned;

    public KafkaWorker(KafkaOptions kafka, string mediaRoot, IJobExecutor executor, ILogger log, string? name = null)
    {
        _kafka = kafka;
        _mediaRoot = Path.GetFullPath(mediaRoot);
        _executor = executor;
        _log = log;
        Name = name ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        _producer = KafkaClients.Producer(kafka, Name);
    }

    public string Name { get; }

    /// <summary>Jobs this worker ran to a durable output (not counting acknowledged redeliveries).</summary>
    public int JobsCompleted { get; private set; }

    /// <summary>Partitions of the jobs topic this worker has now (tests wait for the group to settle).</summary>
    public int AssignedPartitions => Volatile.Read(ref _assigned);

    /// <summary>Consumes and runs jobs until <paramref name="stopping"/> is cancelled; then hands back the current job and closes.</summary>
    public Task RunAsync(CancellationToken stopping) =>
        Task.Factory.StartNew(() => Run(stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }

    private void Run(CancellationToken stopping)
    {
        using IConsumer<string, string> consumer = new ConsumerBuilder<string, string>(KafkaClients.Consumer(_kafka, _kafka.WorkerGroup, Name))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                Interlocked.Add(ref _assigned, partitions.Count);
                _log.LogInformation("{Worker}: assigned {Partitions}", Name, string.Join(", ", partitions));
            })
            .SetPartitionsRevokedHandler((c, partitions) =>
            {
                Interlocked.Add(ref _assigned, -partitions.Count);
                OnPartitionsGone(partitions.Select(p => p.TopicPartition));
                CommitStoredOffsets(c);
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                Interlocked.Add(ref _assigned, -partitions.Count);
                OnPartitionsGone(partitions.Select(p => p.TopicPartition));
            })
            .SetErrorHandler((_, e) => _log.LogWarning("{Worker}: {Reason}", Name, e.Reason))
            .Build();
        _consumer = consumer;
        consumer.Subscribe(_kafka.JobsTopic);

        // Every cancel, from the start: a group of this worker's own that commits nothing.
        using IConsumer<string, string> cancels = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = $"vunet-worker-cancels-{Name}-{Guid.NewGuid():N}",
            ClientId = Name,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            AllowAutoCreateTopics = true,

            // Until a first cancel creates the topic it is unknown; look for it every 2 s, not every 5 minutes.
            TopicMetadataRefreshIntervalMs = 2000,
        }).SetErrorHandler((_, e) => _log.LogWarning("{Worker}: cancels: {Reason}", Name, e.Reason)).Build();
        cancels.Subscribe(_kafka.CancelsTopic);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                ReadCancels(cancels);
                ConsumeResult<string, string>? result = null;
                try
                {
                    result = consumer.Consume(PollInterval);
                }
                catch (ConsumeException ex)
                {
                    // Not a reason to skip the rest of the turn: a job that has ended must still be completed
                    // (its offset stored, its event published), and an error that repeats must not spin the loop.
                    _log.LogWarning("{Worker}: {Reason}", Name, ex.Error.Reason);
                    stopping.WaitHandle.WaitOne(PollInterval);
                }

                if (_running is { } run)
                {
                    // Partitions assigned by a rebalance during the job arrive unpaused; a message they
                    // deliver waits in hand, in order, for its turn after the job. (Not a seek back: pausing
                    // sets a partition's next fetch to the last message handed to the application + 1, so a
                    // seek followed by the next pause could skip the message.)
                    consumer.Pause(consumer.Assignment);
                    if (result is { Message: not null })
                    {
                        _waiting.Enqueue(result);
                    }

                    if (!run.Task!.IsCompleted)
                    {
                        continue;
                    }

                    _running = null;
                    Complete(run);
                }
                else if (result is { Message: not null })
                {
                    _waiting.Enqueue(result);
                }

                // Between jobs: the messages in hand first, then resume. This also resumes the other
                // partitions of a worker whose job was handed back in a rebalance (they were left paused).
                if (_paused || _waiting.Count > 0)
                {
                    StartWaitingOrResume(consumer, stopping);
                }
            }

            if (_running is { } last)
            {
                // SIGTERM mid-job: the job is cancelled and handed back, not left to a session timeout.
                _running = null;
                last.Cancel.Cancel();
                Wait(last);
                Complete(last);
            }
        }
        finally
        {
            _producer.Flush(TimeSpan.FromSeconds(10));
            consumer.Close();
            cancels.Close();
            _consumer = null;
        }
    }

    /// <summary>Takes in the cancels that have arrived; the running job stops if it is one of them.</summary>
    private void ReadCancels(IConsumer<string, string> cancels)
    {
        try
        {
            while (cancels.Consume(TimeSpan.Zero) is { Message: not null } c)
            {
                if (MessageJson.TryRead<CancelRequest>(c.Message.Value) is not { JobId: { Length: > 0 } id } || !_cancelled.Add(id))
                {
                    continue;
                }

                if (_running is { } run && run.Job.Message.Id == id)
                {
                    _log.LogInformation("{Worker}: job {Id} cancelled by a client; stopping it", Name, id);
                    run.CancelledByClient = true;
                    run.Cancel.Cancel();
                }
            }
        }
        catch (ConsumeException ex)
        {
            // The topic not there yet (no cancel so far) or a passing broker error: read again next time.
            _log.LogDebug("{Worker}: cancels: {Reason}", Name, ex.Error.Reason);
        }
    }

    /// <summary>
    /// After a job: the messages that arrived during it run first, one job at a time (their partitions stay
    /// paused, so resuming later fetches from just after them); then every partition is resumed.
    /// </summary>
    private void StartWaitingOrResume(IConsumer<string, string> consumer, CancellationToken stopping)
    {
        while (_running is null && !stopping.IsCancellationRequested && _waiting.TryDequeue(out ConsumeResult<string, string>? next))
        {
            Start(next, stopping);
        }

        if (_running is null && _paused)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }
    }

    private void Start(ConsumeResult<string, string> result, CancellationToken stopping)
    {
        if (MessageJson.TryRead<JobMessage>(result.Message.Value) is not { } message || string.IsNullOrEmpty(message.Id))
        {
            DeadLetter(result, null, "the message is not a job (unreadable JSON)");
            Store(result);
            return;
        }

        if (_cancelled.Contains(message.Id))
        {
            _log.LogInformation("{Worker}: job {Id} was cancelled by a client; skipped", Name, message.Id);
            Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Cancelled, Attempt = message.Attempt, Worker = Name });
            Store(result);
            return;
        }

        WorkerJob job;
        try
        {
            job = WorkerJob.Resolve(message, _mediaRoot);
        }
        catch (InvalidDataException ex)
        {
            DeadLetter(result, message, ex.Message);
            Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Failed, Error = ex.Message, Attempt = message.Attempt, Worker = Name });
            Store(result);
            return;
        }

        if (File.Exists(job.OutputPath))
        {
            // A redelivery (a worker stopped between the output's rename and the offset's commit, or a
            // duplicate publish): the output is durable, so this is an acknowledgement, not a second run.
            _log.LogInformation("{Worker}: job {Id} already has its output; acknowledged", Name, message.Id);
            Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Succeeded, Attempt = message.Attempt, Worker = Name, ReusedOutput = true });
            Store(result);
            return;
        }

        _consumer!.Pause(_consumer.Assignment);
        _paused = true;
        _log.LogInformation("{Worker}: job {Id} attempt {Attempt} started from {Offset}", Name, message.Id, message.Attempt, result.TopicPartitionOffset);
        Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Started, Attempt = message.Attempt, Worker = Name }, wait: false);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var run = new RunningJob(result, job, cancel);
        long lastProgress = 0;
        run.Task = Task.Run(() => _executor.ExecuteAsync(job, (done, total) =>
        {
            // Kept on every call (the success event carries them), published at most every ProgressInterval.
            run.FramesDone = done;
            run.FramesTotal = total;
            long now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastProgress), now) >= ProgressInterval)
            {
                Interlocked.Exchange(ref lastProgress, now);
                Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Progress, FramesDone = done, FramesTotal = total, Attempt = message.Attempt, Worker = Name }, wait: false);
            }
        }, cancel.Token), CancellationToken.None);
        _running = run;
    }

    /// <summary>The job's partition goes to another worker: hand the job back before it does.</summary>
    private void OnPartitionsGone(IEnumerable<TopicPartition> partitions)
    {
        // Waiting messages of a partition that goes are its next owner's (their offsets were not stored).
        var gone = partitions.ToHashSet();
        int count = _waiting.Count;
        for (int i = 0; i < count; i++)
        {
            ConsumeResult<string, string> waiting = _waiting.Dequeue();
            if (!gone.Contains(waiting.TopicPartition))
            {
                _waiting.Enqueue(waiting);
            }
        }

        if (_running is { } run && gone.Contains(run.Result.TopicPartition))
        {
            _running = null;
            run.Cancel.Cancel();
            Wait(run);

            // Still inside the revocation: an output that completed meanwhile can still be acknowledged.
            Complete(run);
        }
    }

    /// <summary>
    /// Commits the offsets stored so far (after each acknowledgement, and once more while revoked partitions are
    /// still this worker's). Left to the auto-commit timer (every 5 s), a job acknowledged just before a
    /// rebalance was delivered again to the partition's next owner: a failed attempt then ran twice and was
    /// published again twice, so a job that kept failing reached the dead-letter topic twice (seen in CI;
    /// RebalanceTests: the old code failed 2 of 3 runs, this passes 4 of 4).
    /// </summary>
    private void CommitStoredOffsets(IConsumer<string, string> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing stored since the last commit.
        }
        catch (KafkaException ex)
        {
            // A rebalance in progress or a group that moved on (e.g. the session timed out): the auto-commit retries,
            // and a partition's next owner acknowledges a redelivery whose output exists.
            _log.LogInformation("{Worker}: stored offsets not committed now ({Reason}); the auto-commit or the next owner's acknowledgement follows", Name, ex.Error.Reason);
        }
    }

    private void Complete(RunningJob run)
    {
        JobMessage message = run.Job.Message;
        using (run.Cancel)
        {
            Task task = run.Task!;
            if (task.IsCompletedSuccessfully && File.Exists(run.Job.OutputPath))
            {
                JobsCompleted++;
                Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Succeeded, FramesDone = run.FramesDone, FramesTotal = run.FramesTotal, Attempt = message.Attempt, Worker = Name });
                Store(run.Result);
            }
            else if (run.CancelledByClient)
            {
                // Done with: acknowledged, not handed back, so no worker runs it again.
                Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Cancelled, FramesDone = run.FramesDone, FramesTotal = run.FramesTotal, Attempt = message.Attempt, Worker = Name });
                Store(run.Result);
            }
            else if (run.Cancel.IsCancellationRequested)
            {
                // Handed back: no offset is stored, so the group delivers the job again (here or elsewhere).
                _log.LogInformation("{Worker}: job {Id} handed back", Name, message.Id);
                Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Released, Attempt = message.Attempt, Worker = Name });
            }
            else
            {
                string error = task.Exception?.GetBaseException().Message ?? "the job ended without its output";
                error = error.Replace(_mediaRoot, "MEDIA", StringComparison.Ordinal);
                _log.LogWarning("{Worker}: job {Id} attempt {Attempt} failed: {Error}", Name, message.Id, message.Attempt, error);
                if (message.Attempt < _kafka.MaxAttempts)
                {
                    // Published again behind the other jobs of its partition (same key), then acknowledged.
                    Produce(_kafka.JobsTopic, message.Id, MessageJson.Write(message with { Attempt = message.Attempt + 1 }));
                    Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Retrying, Error = error, Attempt = message.Attempt, Worker = Name });
                }
                else
                {
                    DeadLetter(run.Result, message, error);
                    Publish(new JobEvent { JobId = message.Id, Kind = JobEventKind.Failed, Error = error, Attempt = message.Attempt, Worker = Name });
                }

                Store(run.Result);
            }
        }
    }

    private void DeadLetter(ConsumeResult<string, string> result, JobMessage? message, string error)
    {
        string value = message is null
            ? MessageJson.Write(new { raw = result.Message.Value, error, worker = Name, at = DateTimeOffset.UtcNow })
            : MessageJson.Write(new DeadLetter { Job = message, Error = error, Attempts = message.Attempt, Worker = Name });
        Produce(_kafka.DeadLetterTopic, result.Message.Key ?? "", value);
    }

    private void Publish(JobEvent e, bool wait = true)
    {
        string value = MessageJson.Write(e);
        if (wait)
        {
            Produce(_kafka.EventsTopic, e.JobId, value);
        }
        else
        {
            // The idempotent producer keeps a key's messages in order, so an unawaited event cannot overtake an awaited one.
            _producer.Produce(_kafka.EventsTopic, new Message<string, string> { Key = e.JobId, Value = value }, report =>
            {
                if (report.Error.IsError)
                {
                    _log.LogWarning("{Worker}: event for {Id} lost: {Reason}", Name, e.JobId, report.Error.Reason);
                }
            });
        }
    }

    /// <summary>Waits until the cluster has the message (acks=all) before anything that depends on it, such as an offset.</summary>
    private void Produce(string topic, string key, string value) =>
        _producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value }).GetAwaiter().GetResult();

    private void Store(ConsumeResult<string, string> result)
    {
        try
        {
            _consumer!.StoreOffset(result);

            // Committed now, not at the next auto-commit (every 5 s): a job is seconds long, and a rebalance in
            // that window handed the acknowledged message to the next owner, which ran (and retried) it again.
            CommitStoredOffsets(_consumer);
        }
        catch (KafkaException ex)
        {
            // The partition went elsewhere meanwhile: its next owner finds the output and acknowledges it.
            _log.LogInformation("{Worker}: offset {Offset} not stored ({Reason})", Name, result.TopicPartitionOffset, ex.Error.Reason);
        }
    }

    private void Wait(RunningJob run)
    {
        try
        {
            run.Task!.Wait(TimeSpan.FromMinutes(1));
        }
        catch (AggregateException)
        {
            // Its outcome is read by Complete.
        }
    }

    private sealed class RunningJob(ConsumeResult<string, string> result, WorkerJob job, CancellationTokenSource cancel)
    {
        public ConsumeResult<string, string> Result { get; } = result;

        public WorkerJob Job { get; } = job;

        public CancellationTokenSource Cancel { get; } = cancel;

        public Task? Task { get; set; }

        public int FramesDone { get; set; }

        public int FramesTotal { get; set; }

        /// <summary>Stopped because a client cancelled it (not handed back).</summary>
        public bool CancelledByClient { get; set; }
    }
}
