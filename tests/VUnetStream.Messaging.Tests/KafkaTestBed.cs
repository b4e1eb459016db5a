using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using VUnetStream.Messaging.Messages;
using VUnetStream.Messaging.Mock;
using VUnetStream.Messaging.Worker;
using VUnetStream.Server;
using VUnetStream.Service;

namespace VUnetStream.Messaging.Tests;

/// <summary>
/// The Kafka mode's real parts on one machine: a mock cluster of this test's own (its topics with four
/// partitions), the API server in the Kafka mode over a media root and data folder of the test's, and
/// workers in one group, started and stopped by the test.
/// </summary>
internal sealed class KafkaTestBed : IAsyncDisposable
{
    private readonly List<(KafkaWorker Worker, CancellationTokenSource Stop, Task Run)> _workers = [];
    private WebApplication? _api;

    public KafkaTestBed(int partitions = 4, Func<KafkaOptions, KafkaOptions>? tune = null)
    {
        Folder = Directory.CreateTempSubdirectory("vunet-kafka-").FullName;
        MediaRoot = Directory.CreateDirectory(Path.Combine(Folder, "media")).FullName;
        Cluster = MockCluster.Start(brokers: 1, partitions: partitions);
        var kafka = new KafkaOptions { BootstrapServers = Cluster.BootstrapServers, MaxAttempts = 3, SessionTimeoutMs = 3000 };
        Kafka = tune?.Invoke(kafka) ?? kafka;
    }

    public string Folder { get; }

    public string MediaRoot { get; }

    public MockCluster Cluster { get; }

    public KafkaOptions Kafka { get; }

    public HttpClient Api { get; private set; } = new();

    public IReadOnlyList<KafkaWorker> Workers => _workers.Select(w => w.Worker).ToArray();

    /// <summary>What the workers logged, for failure messages.</summary>
    public RecordingLogger Log { get; } = new();

    /// <summary>The workers' log and the state of their consume loops (a loop that died says why).</summary>
    public string Diagnostics =>
        string.Join(Environment.NewLine, _workers.Select(w => $"worker {w.Worker.Name}: loop {w.Run.Status}{(w.Run.Exception is { } e ? " " + e.GetBaseException() : "")}, {w.Worker.AssignedPartitions} partitions"))
        + Environment.NewLine + Log;

    public async Task StartApiAsync()
    {
        var options = new ServerOptions
        {
            Port = 0,
            Kafka = Kafka,
            Service = new ServiceOptions { DataDirectory = Path.Combine(Folder, "data"), MediaRoot = MediaRoot, ExampleSeconds = 0.4, Threads = 1 },
        };
        _api = VUnetServer.Build(options);
        await _api.StartAsync();
        Api = new HttpClient { BaseAddress = VUnetServer.Url(_api), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Stops the API as SIGTERM would (its event consumer commits and leaves the group).</summary>
    public async Task StopApiAsync()
    {
        Api.Dispose();
        if (_api is not null)
        {
            await _api.StopAsync();
            await _api.DisposeAsync();
            _api = null;
        }
    }

    public KafkaWorker StartWorker(IJobExecutor executor, string name)
    {
        var worker = new KafkaWorker(Kafka, MediaRoot, executor, Log, name);
        var stop = new CancellationTokenSource();
        _workers.Add((worker, stop, worker.RunAsync(stop.Token)));
        return worker;
    }

    /// <summary>Stops a worker as SIGTERM would and waits until it has closed its consumer.</summary>
    public async Task StopWorkerAsync(KafkaWorker worker)
    {
        var entry = _workers.Single(w => w.Worker == worker);
        await entry.Stop.CancelAsync();
        await entry.Run.WaitAsync(TimeSpan.FromSeconds(60));
        _workers.Remove(entry);
        entry.Stop.Dispose();
        worker.Dispose();
    }

    /// <summary>Waits until the group has shared every partition among the running workers, each with some.</summary>
    public Task WaitForGroupAsync(int partitions = 4) =>
        Until(() => _workers.Sum(w => w.Worker.AssignedPartitions) == partitions && _workers.All(w => w.Worker.AssignedPartitions > 0), 30, "the workers' group to settle");

    public async Task<string> SubmitExampleAsync(object? options = null)
    {
        using HttpResponseMessage response = await Api.PostAsJsonAsync("/jobs", new { example = true, options });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement[]> JobsAsync() =>
        JsonDocument.Parse(await Api.GetStringAsync("/jobs")).RootElement.EnumerateArray().Select(j => j.Clone()).ToArray();

    /// <summary>Polls GET /jobs until every listed job has ended (fails after <paramref name="seconds"/>).</summary>
    public async Task<JsonElement[]> WaitForAllEndedAsync(int count, double seconds)
    {
        JsonElement[] jobs = [];
        await Until(async () =>
        {
            jobs = await JobsAsync();
            return jobs.Length == count && jobs.All(j => j.GetProperty("state").GetString() is "succeeded" or "failed" or "cancelled");
        }, seconds, $"{count} jobs to end");
        return jobs;
    }

    /// <summary>Every message on <paramref name="topic"/> so far, read by a group of its own from the start.</summary>
    public List<(string Key, string Value)> ReadTopic(string topic, int atLeast, double seconds = 20)
    {
        using IConsumer<string, string> consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var messages = new List<(string, string)>();
        DateTime until = DateTime.UtcNow.AddSeconds(seconds);
        DateTime quietUntil = DateTime.MaxValue;
        while (DateTime.UtcNow < until && DateTime.UtcNow < quietUntil)
        {
            ConsumeResult<string, string>? r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is { Message: not null })
            {
                messages.Add((r.Message.Key, r.Message.Value));
            }

            if (messages.Count >= atLeast && quietUntil == DateTime.MaxValue)
            {
                // Then a moment more for anything that follows.
                quietUntil = DateTime.UtcNow.AddSeconds(1);
            }
        }

        consumer.Close();
        return messages;
    }

    public List<JobEvent> Events(int atLeast) =>
        ReadTopic(Kafka.EventsTopic, atLeast).Select(m => MessageJson.TryRead<JobEvent>(m.Value)!).ToList();

    /// <summary>Publishes as any client would (the partition chosen from the key).</summary>
    public void Publish(string topic, string key, string value) => PublishTo(new TopicPartition(topic, Partition.Any), key, value);

    /// <summary>Publishes to one chosen partition (tests that need a job on every partition).</summary>
    public void PublishTo(TopicPartition partition, string key, string value)
    {
        using IProducer<string, string> producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers }).Build();
        producer.ProduceAsync(partition, new Message<string, string> { Key = key, Value = value }).GetAwaiter().GetResult();
    }

    public static async Task Until(Func<bool> condition, double seconds, string what, Func<string>? details = null) =>
        await Until(() => Task.FromResult(condition()), seconds, what, details);

    /// <summary>Polls until <paramref name="condition"/>; a timeout fails naming <paramref name="what"/> and, when given, the details at that moment.</summary>
    public static async Task Until(Func<Task<bool>> condition, double seconds, string what, Func<string>? details = null)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out after {seconds} s waiting for {what}{(details is null ? "" : Environment.NewLine + details())}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (KafkaWorker worker in Workers)
        {
            await StopWorkerAsync(worker);
        }

        await StopApiAsync();
        Cluster.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
