using Confluent.Kafka;
using VUnetStream.Messaging.Messages;
using VUnetStream.Service.Jobs;

namespace VUnetStream.Messaging.Tests;

/// <summary>The group changing while a worker is in the middle of a job (no API: jobs are published to chosen partitions).</summary>
[Collection(KafkaCollection.Name)]
public sealed class RebalanceTests
{
    [Fact]
    public async Task ASecondWorkerJoiningMidJob_TakesHalfThePartitions_AndEveryWaitingJobStillRunsExactlyOnce()
    {
        await using var bed = new KafkaTestBed(partitions: 4);
        var executor = new FakeExecutor(TimeSpan.FromSeconds(3));
        bed.StartWorker(executor.For("a"), "a");
        await KafkaTestBed.Until(() => bed.Workers[0].AssignedPartitions == 4, 30, "worker a to own every partition");

        // One job on each partition: a runs one of them and holds the other three paused behind it.
        string[] ids = Enumerable.Range(0, 4).Select(_ => JobIds.New()).ToArray();
        for (int p = 0; p < 4; p++)
        {
            Publish(bed, ids[p], new Partition(p));
        }

        await KafkaTestBed.Until(() => executor.StartedTotal == 1, 20, "worker a to start a job");

        // b joins while a's job runs: the cooperative rebalance moves two partitions to b. Whether or not the
        // running job's partition is among them (then a hands it back), every job must end, once.
        bed.StartWorker(executor.For("b"), "b");
        await bed.WaitForGroupAsync();
        await KafkaTestBed.Until(() => executor.Completed.Select(r => r.JobId).Distinct().Count() == 4, 60, "all four jobs to complete", () => bed.Diagnostics);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(ids.Order(), executor.Completed.Select(r => r.JobId).Order());
        Assert.Contains(executor.Completed, r => r.Worker == "b");
    }

    [Fact]
    public async Task ASecondWorkerJoiningRightAfterFailedAttempts_RunsNoAttemptAgain_SoEachFailingJobIsDeadLetteredOnce()
    {
        // The offsets a acknowledged just before the rebalance must be committed before its partitions move:
        // left to the 5-s auto-commit, b got the failed attempts again, retried them again, and a job that kept
        // failing reached the dead-letter topic twice (CI).
        await using var bed = new KafkaTestBed(partitions: 4);
        var executor = new FakeExecutor(TimeSpan.FromMilliseconds(200)) { Fails = _ => true };
        bed.StartWorker(executor.For("a"), "a");
        await KafkaTestBed.Until(() => bed.Workers[0].AssignedPartitions == 4, 30, "worker a to own every partition");
        string[] ids = Enumerable.Range(0, 4).Select(_ => JobIds.New()).ToArray();
        for (int p = 0; p < 4; p++)
        {
            Publish(bed, ids[p], new Partition(p));
        }

        await KafkaTestBed.Until(() => executor.StartedTotal >= 3, 20, "worker a to fail a few attempts");
        bed.StartWorker(executor.For("b"), "b");
        await bed.WaitForGroupAsync();

        List<(string Key, string Value)> dead = bed.ReadTopic(bed.Kafka.DeadLetterTopic, atLeast: 5, seconds: 30);
        Assert.True(dead.Count == 4, $"{dead.Count} dead letters for 4 jobs; {bed.Diagnostics}");
        Assert.Equal(ids.Order(), dead.Select(d => d.Key).Order());
        Assert.All(ids, id => Assert.Equal(bed.Kafka.MaxAttempts, executor.Started(id)));
    }

    private static void Publish(KafkaTestBed bed, string id, Partition partition)
    {
        var message = new JobMessage { Id = id, Source = JobSource.Example, Video = $"jobs/{id}/dancer.mp4", Photo = $"jobs/{id}/photo.png", Output = $"jobs/{id}/result.mp4" };
        bed.PublishTo(new TopicPartition(bed.Kafka.JobsTopic, partition), id, MessageJson.Write(message));
    }
}
