using VUnetStream.Tests.Shared;

namespace VUnetStream.Messaging.Tests;

/// <summary>The Kafka tests run one at a time (each runs a cluster, an API and workers on the two cores) and share the tiny model.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "kafka";
}
