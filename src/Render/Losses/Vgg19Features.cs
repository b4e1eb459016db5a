using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Losses;

/// <summary>
/// The convolutional trunk of torchvision's <c>vgg19</c> up to relu5_2 (torchvision <c>features</c>
/// indices 0–31; the rest of the network is never needed by the loss), returning relu1_2, relu2_2,
/// relu3_2, relu4_2 and relu5_2 (indices 3, 8, 13, 22, 31) — the layers of the VUNet paper's loss.
/// Submodules are named like torchvision's state dict (<c>features.0.weight</c>, …) so its weights
/// load unchanged; see <see cref="Vgg19Weights"/>.
/// </summary>
internal sealed class Vgg19Features : FeatureNetwork
{
    /// <summary>torchvision <c>features</c> indices of the returned ReLU outputs.</summary>
    public static IReadOnlyList<int> TapIndices { get; } = [3, 8, 13, 22, 31];

    /// <summary>Output channels of the 3×3 convolutions, 0 for a 2×2 max-pool (torchvision's "E" config), up to relu5_2.</summary>
    private static readonly int[] s_config = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512];

    private static readonly string[] s_layerNames = ["relu1_2", "relu2_2", "relu3_2", "relu4_2", "relu5_2"];

    private readonly InputNormalization normalize;
    private readonly Sequential features;

    /// <param name="normalization">
    /// What the weights expect: <see cref="InputNormalization.Torchvision"/> for torchvision's ImageNet
    /// weights, <see cref="InputNormalization.Caffe"/> for weights converted from the original Caffe VGG19.
    /// </param>
    public Vgg19Features(InputNormalization normalization)
        : base(nameof(Vgg19Features))
    {
        ArgumentNullException.ThrowIfNull(normalization);
        normalize = normalization;

        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long inChannels = 3;
        foreach (int channels in s_config)
        {
            if (channels == 0)
            {
                layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxPool2d(kernel_size: 2, stride: 2)));
                continue;
            }

            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Conv2d(inChannels, channels, kernel_size: 3, padding: 1)));
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ReLU()));
            inChannels = channels;
        }

        features = Sequential(layers);
        RegisterComponents();
    }

    /// <summary>State-dict keys of the convolutions (what a weights file must provide), with their shapes.</summary>
    public IReadOnlyList<(string Key, long[] Shape)> ExpectedWeights =>
        [.. named_parameters().Select(p => (p.name, p.parameter.shape))];

    public override IReadOnlyList<string> LayerNames => s_layerNames;

    public override IReadOnlyList<Tensor> forward(Tensor input)
    {
        CheckImageBatch(input);
        using var scope = NewDisposeScope();
        var outputs = new List<Tensor>(TapIndices.Count);
        var x = normalize.forward(input);
        int index = 0;
        foreach (var layer in features.children())
        {
            x = ((Module<Tensor, Tensor>)layer).forward(x);
            if (TapIndices.Contains(index))
            {
                outputs.Add(x);
            }

            index++;
        }

        return [.. outputs.Select(scope.MoveToOuter)];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            normalize.Dispose();
        }

        base.Dispose(disposing);
    }
}
