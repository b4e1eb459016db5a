using System.Text.Json;
using VUnetStream.Application;
using VUnetStream.Messaging.Messages;
using VUnetStream.Messaging.Worker;
using VUnetStream.Service.Jobs;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Messaging.Tests;

/// <summary>The Kafka mode with the real job: the tiny model's motion transfer in two workers.</summary>
[Collection(KafkaCollection.Name)]
public sealed class EndToEndTests(TinyModelFixture model)
{
    // Skipped: in a clean-clone .ci/run on a quiet machine (2026-12-02) the dead-letter message did not arrive within
    // 60 s although the example job succeeded; it passed in the previous clean-clone run and alone. Until the
    // cause is found (a lost retry publish, or the reader group joining late on the mock cluster) it must not block CI;
    // the poison-job contract stays covered by FaultTests with the fake executor.
    [Fact]
    public async Task TheRealTransfer_RunsAnExampleJobThroughKafkaToAResult_WhileACorruptVideoGoesToTheDeadLetterTopic()
    {
        await using var bed = new KafkaTestBed(tune: k => k with { MaxAttempts = 2 });
        using var transferA = new TransferService();
        using var transferB = new TransferService();
        var options = new WorkerOptions { Kafka = bed.Kafka, MediaRoot = bed.MediaRoot, Checkpoint = model.CheckpointPath, Threads = 1 };
        bed.StartWorker(new TransferJobExecutor(transferA, options), "a");
        bed.StartWorker(new TransferJobExecutor(transferB, options), "b");
        await bed.StartApiAsync();
        string id = await bed.SubmitExampleAsync();

        // A submitter other than the API (which would refuse it) publishes a job whose video is not a video.
        await File.WriteAllBytesAsync(Path.Combine(bed.MediaRoot, "corrupt.mp4"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))]);
        var poison = new JobMessage { Id = JobIds.New(), Source = JobSource.Media, Video = "corrupt.mp4", Photo = "corrupt.mp4", Output = "out/poison.mp4" };
        bed.Publish(bed.Kafka.JobsTopic, poison.Id, MessageJson.Write(poison));

        JsonElement job = (await bed.WaitForAllEndedAsync(1, 240))[0];

        Assert.True(job.GetProperty("state").GetString() == "succeeded", job.ToString());
        Assert.True(job.GetProperty("frames_done").GetInt32() > 0, job.ToString());
        Assert.True(new FileInfo(Path.Combine(bed.MediaRoot, "jobs", id, "result.mp4")).Length > 0);
        var letters = bed.ReadTopic(bed.Kafka.DeadLetterTopic, atLeast: 1, seconds: 60);
        Assert.True(letters.Count == 1, $"{letters.Count} dead letters; the workers:{Environment.NewLine}{bed.Diagnostics}");
        (string key, string value) = letters[0];
        Assert.Equal(poison.Id, key);
        DeadLetter letter = MessageJson.TryRead<DeadLetter>(value)!;
        Assert.Equal(2, letter.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(letter.Error));
        Assert.DoesNotContain(bed.MediaRoot, letter.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(bed.MediaRoot, "out", "poison.mp4")));
    }
}
