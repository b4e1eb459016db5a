using System.Text.Json;
using VUnetStream.Messaging.Messages;

namespace VUnetStream.Messaging.Tests;

/// <summary>The Kafka mode when things go wrong: a worker stops mid-job, a poison job, the API or the brokers go away.</summary>
[Collection(KafkaCollection.Name)]
public sealed class FaultTests
{
    [Fact]
    public async Task AWorkerStoppedMidJob_HandsItBack_AndTheOtherWorkerFinishesIt_WithOneOutputAndOneSuccess()
    {
        await using var bed = new KafkaTestBed();

        // The first run is long enough to be stopped in; the rerun is quick.
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(200)) { Duration = (_, attempt) => attempt == 1 ? TimeSpan.FromSeconds(20) : TimeSpan.FromMilliseconds(200) };
        var a = bed.StartWorker(executor.For("a"), "a");
        var b = bed.StartWorker(executor.For("b"), "b");
        await bed.StartApiAsync();
        await bed.WaitForGroupAsync();
        string id = await bed.SubmitExampleAsync();
        await KafkaTestBed.Until(() => executor.Started(id) == 1, 20, "the job to start");
        await KafkaTestBed.Until(async () => (await bed.JobsAsync())[0].GetProperty("state").GetString() == "running", 20, "the API to see it running");
        string first = bed.Events(atLeast: 1).First(e => e.JobId == id && e.Kind == JobEventKind.Started).Worker!;

        await bed.StopWorkerAsync(first == "a" ? a : b);

        JsonElement[] jobs = await bed.WaitForAllEndedAsync(1, 40);
        Assert.Equal("succeeded", jobs[0].GetProperty("state").GetString());
        Assert.Equal(2, executor.Started(id));
        Assert.Equal([(id, first == "a" ? "b" : "a")], executor.Completed);
        Assert.Equal(["result.mp4"], Directory.GetFiles(Path.Combine(bed.MediaRoot, "jobs", id)).Select(Path.GetFileName));
        JobEventKind[] kinds = bed.Events(atLeast: 4).Where(e => e.JobId == id && e.Kind != JobEventKind.Progress).Select(e => e.Kind).ToArray();
        Assert.Equal([JobEventKind.Started, JobEventKind.Released, JobEventKind.Started, JobEventKind.Succeeded], kinds);
    }

    [Fact]
    public async Task APoisonJob_LandsInTheDeadLetterTopicWithItsReasonAfterThreeAttempts_WhileTheOtherJobsSucceed()
    {
        await using var bed = new KafkaTestBed();

        // The job asked for side by side stands for a corrupt input: every attempt fails.
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(150)) { Fails = job => job.Message.Options.Layout == "side-by-side" };
        bed.StartWorker(executor.For("a"), "a");
        bed.StartWorker(executor.For("b"), "b");
        await bed.StartApiAsync();
        await bed.WaitForGroupAsync();
        string poison = await bed.SubmitExampleAsync(new { layout = "side-by-side" });
        var good = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            good.Add(await bed.SubmitExampleAsync());
        }

        JsonElement[] jobs = await bed.WaitForAllEndedAsync(5, 60);

        JsonElement failed = jobs.Single(j => j.GetProperty("id").GetString() == poison);
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("corrupt", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.All(jobs.Where(j => j.GetProperty("id").GetString() != poison), j => Assert.Equal("succeeded", j.GetProperty("state").GetString()));
        Assert.Equal(3, executor.Started(poison));
        (string key, string value) = Assert.Single(bed.ReadTopic(bed.Kafka.DeadLetterTopic, atLeast: 1));
        Assert.Equal(poison, key);
        DeadLetter letter = MessageJson.TryRead<DeadLetter>(value)!;
        Assert.Equal(poison, letter.Job.Id);
        Assert.Equal(3, letter.Attempts);
        Assert.Contains("corrupt", letter.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(bed.MediaRoot, "jobs", poison, "result.mp4")));
    }

    [Fact]
    public async Task TheApiRestartedMidRun_StillKnowsEveryJob_AndLearnsTheResultsThatCameWhileItWasDown()
    {
        await using var bed = new KafkaTestBed();
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(400));
        bed.StartWorker(executor.For("a"), "a");
        bed.StartWorker(executor.For("b"), "b");
        await bed.StartApiAsync();
        await bed.WaitForGroupAsync();
        var ids = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            ids.Add(await bed.SubmitExampleAsync());
        }

        await KafkaTestBed.Until(() => executor.Completed.Count >= 1, 30, "a first result");
        await bed.StopApiAsync();
        await KafkaTestBed.Until(() => executor.Completed.Count == ids.Count, 30, "the workers to finish while the API is down");
        await bed.StartApiAsync();

        JsonElement[] jobs = await bed.WaitForAllEndedAsync(ids.Count, 30);
        Assert.Equal(ids, jobs.Select(j => j.GetProperty("id").GetString()!));
        Assert.All(jobs, j => Assert.Equal("succeeded", j.GetProperty("state").GetString()));
        Assert.All(ids, id => Assert.Equal(1, executor.Started(id)));
    }

    [Fact]
    public async Task TheBrokersUnreachableForAWhile_JobsWait_AndNoneIsLost()
    {
        await using var bed = new KafkaTestBed();
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(300));
        bed.StartWorker(executor.For("a"), "a");
        bed.StartWorker(executor.For("b"), "b");
        await bed.StartApiAsync();
        await bed.WaitForGroupAsync();
        var ids = new List<string> { await bed.SubmitExampleAsync(), await bed.SubmitExampleAsync() };

        bed.Cluster.SetDown();
        for (int i = 0; i < 4; i++)
        {
            ids.Add(await bed.SubmitExampleAsync());
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        bed.Cluster.SetUp();

        JsonElement[] jobs = await bed.WaitForAllEndedAsync(ids.Count, 60);
        Assert.All(jobs, j => Assert.Equal("succeeded", j.GetProperty("state").GetString()));
        Assert.Equal(ids.Order(), executor.Completed.Select(r => r.JobId).Order());
    }
}
