using System.Text;

namespace VUnetStream.Messaging.Mock;

/// <summary>
/// librdkafka's mock cluster: real Kafka-protocol brokers on 127.0.0.1 inside this process, for trying the
/// Kafka mode on one machine and for the tests (which also take its brokers down and up). Its
/// auto-created topics get the mock's default partition count, so the Kafka mode's topics are created
/// here first, with as many partitions as asked (at least as many as there will be workers).
/// </summary>
public sealed class MockCluster : IDisposable
{
    private IntPtr _handle;
    private IntPtr _cluster;

    private MockCluster(IntPtr handle, IntPtr cluster, int brokers)
    {
        _handle = handle;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = LibRdKafka.Text(LibRdKafka.MockClusterBootstraps(cluster));
    }

    /// <summary>The brokers' addresses, <c>127.0.0.1:PORT,...</c>.</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    /// <summary>A cluster of <paramref name="brokers"/> brokers with the Kafka mode's topics, <paramref name="partitions"/> partitions each.</summary>
    public static MockCluster Start(int brokers = 1, int partitions = 4, KafkaOptions? topics = null)
    {
        if (brokers is < 1 or > 16)
        {
            throw new ArgumentException($"--brokers {brokers} must be between 1 and 16");
        }

        if (partitions is < 1 or > 256)
        {
            throw new ArgumentException($"--partitions {partitions} must be between 1 and 256");
        }

        // The cluster needs a client handle for its bookkeeping; a producer that never produces will do.
        var error = new byte[512];
        IntPtr conf = LibRdKafka.ConfNew();
        LibRdKafka.ConfSet(conf, "log_level", "3", error, (UIntPtr)error.Length);
        IntPtr handle = LibRdKafka.New(LibRdKafka.ProducerType, conf, error, (UIntPtr)error.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("librdkafka: " + Encoding.UTF8.GetString(error).TrimEnd('\0'));
        }

        IntPtr cluster = LibRdKafka.MockClusterNew(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            LibRdKafka.Destroy(handle);
            throw new InvalidOperationException("librdkafka could not start its mock cluster");
        }

        var mock = new MockCluster(handle, cluster, brokers);

        // Kafka's own default delays a new group's first rebalance by 3 s; here workers start at once.
        LibRdKafka.MockGroupInitialRebalanceDelayMs(cluster, 0);
        KafkaOptions names = topics ?? new KafkaOptions { BootstrapServers = mock.BootstrapServers };
        foreach (string topic in new[] { names.JobsTopic, names.EventsTopic, names.DeadLetterTopic })
        {
            mock.CreateTopic(topic, partitions);
        }

        // The cancels topic too: a consumer subscribed to a topic that does not exist yet looks for it again only
        // at its next metadata refresh, so a worker could miss the first cancels for a long while (CI).
        mock.CreateTopic(names.CancelsTopic, 1);

        return mock;
    }

    public void CreateTopic(string name, int partitions)
    {
        int code = LibRdKafka.MockTopicCreate(Cluster(), name, partitions, Math.Min(3, Brokers));
        Check(code, $"creating topic {name}");
    }

    /// <summary>Disconnects every broker and refuses new connections (the cluster is unreachable) until <see cref="SetUp"/>.</summary>
    public void SetDown() => Check(LibRdKafka.MockBrokerSetDown(Cluster(), -1), "taking the brokers down");

    public void SetUp() => Check(LibRdKafka.MockBrokerSetUp(Cluster(), -1), "bringing the brokers up");

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            LibRdKafka.MockClusterDestroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_handle != IntPtr.Zero)
        {
            LibRdKafka.Destroy(_handle);
            _handle = IntPtr.Zero;
        }
    }

    private IntPtr Cluster() => _cluster != IntPtr.Zero ? _cluster : throw new ObjectDisposedException(nameof(MockCluster));

    private static void Check(int code, string what)
    {
        if (code != 0)
        {
            throw new InvalidOperationException($"librdkafka mock: {what}: {LibRdKafka.Text(LibRdKafka.ErrorString(code))}");
        }
    }
}
