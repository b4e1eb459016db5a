using System.Net;
using System.Text.Json;
using VUnetStream.Messaging.Messages;

namespace VUnetStream.Messaging.Tests;

/// <summary>DELETE /jobs/{id} in the Kafka mode: the job may be running on a worker, or its message already on the jobs topic.</summary>
[Collection(KafkaCollection.Name)]
public sealed class CancelTests
{
    [Fact]
    public async Task CancellingAJobRunningOnAWorker_StopsItThere_EndsCancelled_AndItIsNotRunAgain()
    {
        await using var bed = new KafkaTestBed();
        var executor = new FakeExecutor(TimeSpan.FromSeconds(30));
        bed.StartWorker(executor.For("a"), "a");
        bed.StartWorker(executor.For("b"), "b");
        await bed.StartApiAsync();
        await bed.WaitForGroupAsync();
        string id = await bed.SubmitExampleAsync();
        await KafkaTestBed.Until(async () => (await bed.JobsAsync())[0].GetProperty("state").GetString() == "running", 20, "the job to run");

        using HttpResponseMessage response = await bed.Api.DeleteAsync($"/jobs/{id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonElement[] jobs = await bed.WaitForAllEndedAsync(1, 15);
        Assert.Equal("cancelled", jobs[0].GetProperty("state").GetString());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, executor.StartedTotal);
        Assert.Empty(executor.Completed);
        Assert.False(File.Exists(Path.Combine(bed.MediaRoot, "jobs", id, "result.mp4")));
        Assert.Contains(bed.Events(atLeast: 2), e => e.JobId == id && e.Kind == JobEventKind.Cancelled);
    }

    [Fact]
    public async Task CancellingAQueuedJobBeforeAnyWorkerRuns_ItNeverRunsToAnOutput_WhileTheNextJobRuns()
    {
        await using var bed = new KafkaTestBed();
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(200));
        await bed.StartApiAsync();
        string cancelled = await bed.SubmitExampleAsync();
        using (HttpResponseMessage response = await bed.Api.DeleteAsync($"/jobs/{cancelled}"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        string next = await bed.SubmitExampleAsync();

        // The first job's message was published before the cancel. A worker that has read the cancel skips the
        // job; one that gets the job first (its cancels reader is still joining) stops it as soon as it reads it.
        bed.StartWorker(executor.For("a"), "a");
        await KafkaTestBed.Until(() => executor.Completed.Count == 1, 30, "the second job to run", () => bed.Diagnostics);
        await KafkaTestBed.Until(
            () => bed.Log.Lines.Any(l => l.Contains(cancelled, StringComparison.Ordinal) && (l.Contains("skipped", StringComparison.Ordinal) || l.Contains("stopping it", StringComparison.Ordinal))),
            10, "the worker to skip or stop the cancelled job", () => bed.Diagnostics);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(executor.Started(cancelled) <= 1);
        Assert.Equal([(next, "a")], executor.Completed);
        Assert.False(File.Exists(Path.Combine(bed.MediaRoot, "jobs", cancelled, "result.mp4")));
        JsonElement[] jobs = await bed.JobsAsync();
        Assert.Equal("cancelled", jobs.Single(j => j.GetProperty("id").GetString() == cancelled).GetProperty("state").GetString());
    }
}
