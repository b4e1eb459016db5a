using VUnetStream.Tests.Shared;

namespace VUnetStream.Cli.Tests.Batch;

/// <summary>The batch tests share one tiny model and run one at a time (each runs real jobs on the two cores).</summary>
[CollectionDefinition(Name)]
public sealed class BatchCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "batch";
}
