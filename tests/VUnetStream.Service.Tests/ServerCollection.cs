using VUnetStream.Tests.Shared;
namespace VUnetStream.Service.Tests;

/// <summary>The server tests share one tiny model and run one at a time (each server runs real jobs on the two cores).</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "server";
}
