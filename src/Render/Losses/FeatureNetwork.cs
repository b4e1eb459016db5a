using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Losses;

/// <summary>
/// A frozen ImageNet network that turns an image batch into the feature maps a perceptual loss compares.
/// Contract: input [N, 3, H, W], RGB in [−1, 1] (the model's image space); each network does its own
/// preprocessing inside <c>forward</c>, so callers never need to know what the weights expect.
/// </summary>
internal abstract class FeatureNetwork : Module<Tensor, IReadOnlyList<Tensor>>
{
    private bool _frozen;

    protected FeatureNetwork(string name)
        : base(name)
    {
    }

    /// <summary>Names of the returned feature maps, in order (e.g. <c>relu1_2</c>).</summary>
    public abstract IReadOnlyList<string> LayerNames { get; }

    /// <summary>
    /// Makes the network a fixed function: no parameter takes gradients (the loss gradient still flows to
    /// the input) and layers run in evaluation mode (batch norm uses its running statistics).
    /// </summary>
    public void Freeze()
    {
        foreach (var parameter in parameters())
        {
            parameter.requires_grad = false;
        }

        _frozen = true;
        eval();
    }

    /// <summary>
    /// A frozen network stays in evaluation mode even when a parent module is switched to training:
    /// batch norm must keep the ImageNet statistics, not learn the training batches'.
    /// </summary>
    public override void train(bool train = true) => base.train(train && !_frozen);

    /// <summary>Throws unless <paramref name="images"/> is an [N, 3, H, W] floating-point batch.</summary>
    protected static void CheckImageBatch(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 3)
        {
            throw new ArgumentException(
                $"feature networks take an [N, 3, H, W] RGB batch, got shape [{string.Join(", ", images.shape)}]");
        }

        if (!images.is_floating_point())
        {
            throw new ArgumentException($"feature networks take floating-point images in [-1, 1], got {images.dtype}");
        }
    }
}
