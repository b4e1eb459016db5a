using VUnetStream.Render.Losses;

namespace VUnetStream.Render.Tests.Losses;

/// <summary>Reads the 64 MB ONNX file once for every test that needs the ResNet-18 loss network.</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture()
    {
        Features = new ResNet18Features();
        ResNet18Onnx.Load(Features);
        Loss = new PerceptualLoss(PerceptualLoss.ResNet18, Features);
    }

    /// <summary>The loaded network (frozen by <see cref="Loss"/>, which owns it).</summary>
    internal ResNet18Features Features { get; }

    internal PerceptualLoss Loss { get; }

    public void Dispose() => Loss.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ResNet18Group : ICollectionFixture<ResNet18Fixture>
{
    public const string Name = "ResNet-18 loss network";
}
