using System.Text.Json;
using VUnetStream.Messaging.Messages;

namespace VUnetStream.Messaging.Tests;

/// <summary>The Kafka mode's delivery contract with two workers in one group and a fast fake job.</summary>
[Collection(KafkaCollection.Name)]
public sealed class DeliveryTests
{
    [Fact]
    public async Task JobsSubmittedThroughTheApi_ToTwoWorkersInOneGroup_EachCompleteExactlyOnce_OnBothWorkers_WithTheirEventsInOrder()
    {
        await using var bed = new KafkaTestBed();
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(300));
        bed.StartWorker(executor.For("a"), "a");
        bed.StartWorker(executor.For("b"), "b");
        await bed.StartApiAsync();
        await bed.WaitForGroupAsync();

        var ids = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            ids.Add(await bed.SubmitExampleAsync());
        }

        JsonElement[] jobs = await bed.WaitForAllEndedAsync(ids.Count, 60);

        Assert.All(jobs, j => Assert.Equal("succeeded", j.GetProperty("state").GetString()));
        Assert.Equal(ids.Order(), executor.Completed.Select(r => r.JobId).Order());
        Assert.All(ids, id => Assert.Equal(1, executor.Started(id)));
        Assert.Equal(["a", "b"], executor.Completed.Select(r => r.Worker).Distinct().Order());

        // One output per job, nothing left under a temporary name.
        Assert.All(ids, id => Assert.Equal(["result.mp4"], Directory.GetFiles(Path.Combine(bed.MediaRoot, "jobs", id)).Select(Path.GetFileName)));

        List<JobEvent> events = bed.Events(atLeast: ids.Count * 2);
        foreach (string id in ids)
        {
            JobEventKind[] kinds = events.Where(e => e.JobId == id && e.Kind != JobEventKind.Progress).Select(e => e.Kind).ToArray();
            Assert.Equal([JobEventKind.Started, JobEventKind.Succeeded], kinds);
        }
    }

    [Fact]
    public async Task AJobDeliveredAgainAfterItSucceeded_IsAcknowledgedWithoutRework_AndStillSucceededOnce()
    {
        await using var bed = new KafkaTestBed();
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(100));
        bed.StartWorker(executor, "a");
        await bed.StartApiAsync();
        string id = await bed.SubmitExampleAsync();
        await bed.WaitForAllEndedAsync(1, 30);
        string message = bed.ReadTopic(bed.Kafka.JobsTopic, atLeast: 1).Single().Value;

        // The same job once more, as at-least-once delivery may bring it (a worker died before its commit).
        bed.Publish(bed.Kafka.JobsTopic, id, message);

        await KafkaTestBed.Until(() => bed.Events(atLeast: 3).Any(e => e.JobId == id && e.ReusedOutput), 30, "the redelivery's acknowledgement");
        Assert.Equal(1, executor.Started(id));
        JsonElement job = (await bed.JobsAsync()).Single();
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Single(bed.Events(atLeast: 3), e => e.JobId == id && e.Kind == JobEventKind.Succeeded && !e.ReusedOutput);
    }

    [Fact]
    public async Task AJobLongerThanMaxPollInterval_RunsOnce_BecauseTheWorkerKeepsPollingWithItsPartitionsPaused()
    {
        await using var bed = new KafkaTestBed(tune: k => k with { SessionTimeoutMs = 1500, MaxPollIntervalMs = 2000 });
        var executor = new FakeExecutor(TimeSpan.FromSeconds(3.5));
        bed.StartWorker(executor, "a");
        await bed.StartApiAsync();
        string id = await bed.SubmitExampleAsync();

        JsonElement[] jobs = await bed.WaitForAllEndedAsync(1, 30);

        Assert.Equal("succeeded", jobs[0].GetProperty("state").GetString());
        Assert.Equal(1, executor.Started(id));
        Assert.DoesNotContain(bed.Events(atLeast: 2), e => e.Kind == JobEventKind.Released);
    }
}
