using static TorchSharp.torch;

namespace VUnetStream.Render.Experiments;

/// <summary>The features of one image that <see cref="FeatureDistance"/> compares; owns its tensors.</summary>
internal sealed class ImageFeatures : IDisposable
{
    internal ImageFeatures(IReadOnlyList<Tensor> normalised, Tensor descriptorMap)
    {
        Normalised = normalised;
        DescriptorMap = descriptorMap;
    }

    internal IReadOnlyList<Tensor> Normalised { get; }

    internal Tensor DescriptorMap { get; }

    public void Dispose()
    {
        foreach (Tensor t in Normalised)
        {
            t.Dispose();
        }

        DescriptorMap.Dispose();
    }
}
