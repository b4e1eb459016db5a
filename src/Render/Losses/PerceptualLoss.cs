using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Losses;

/// <summary>
/// The reconstruction part of the VUNet objective:
/// <c>scale · Σ_l w_l · mean|Φ_l(x) − Φ_l(x̂)|</c>, where the first term is the input itself (pixel L1)
/// and the others are the feature maps of a frozen ImageNet network; the paper uses scale 5 and every
/// w_l = 1 (the KL term and its β schedule are the training code's). The target's features are computed
/// without autograd (it is data), so one call costs a no-grad forward for x plus a forward and, later, a
/// backward for x̂; the gradient reaches x̂ and never the feature network's weights.
/// Build one with <see cref="Create"/>; call <c>forward(x, x̂)</c> for the scalar loss or
/// <see cref="terms"/> for the per-term values to log.
/// </summary>
internal sealed class PerceptualLoss : Module<Tensor, Tensor, Tensor>
{
    public const string ResNet18 = "resnet18";
    public const string Vgg19 = "vgg19";
    public const string Vgg19Caffe = "vgg19-caffe";
    public const string None = "none";

    /// <summary>The network used when none is named: the only one whose weights are available offline.</summary>
    public const string DefaultNetwork = ResNet18;

    /// <summary>The paper's overall factor on the reconstruction terms.</summary>
    public const double PaperScale = 5.0;

    /// <summary>Every accepted network name, for help texts and errors.</summary>
    public static IReadOnlyList<string> NetworkNames { get; } = [ResNet18, Vgg19, Vgg19Caffe, None];

    private readonly FeatureNetwork? network;
    private readonly double[] _weights;
    private ScalarType _networkType = ScalarType.Float32;
    private Dictionary<string, Tensor>? _float32State;
    private readonly string[] _termNames;

    /// <param name="networkName">The name it was created under (for logs).</param>
    /// <param name="network">The loss network, or null for pixel L1 only. It is frozen here.</param>
    /// <param name="weights">w_l for the input term followed by one per feature map; null = all 1 (the paper).</param>
    /// <param name="scale">The overall factor (the paper: 5).</param>
    public PerceptualLoss(string networkName, FeatureNetwork? network, IReadOnlyList<double>? weights = null, double scale = PaperScale)
        : base(nameof(PerceptualLoss))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(networkName);
        NetworkName = networkName;
        Scale = scale;
        this.network = network;
        _termNames = ["pixel", .. network?.LayerNames ?? []];
        _weights = weights is null ? [.. Enumerable.Repeat(1.0, _termNames.Length)] : [.. weights];
        if (_weights.Length != _termNames.Length)
        {
            throw new ArgumentException(
                $"loss network '{networkName}' has {_termNames.Length} terms ({string.Join(", ", _termNames)}) but {_weights.Length} weights were given");
        }

        network?.Freeze();
        RegisterComponents();
    }

    public string NetworkName { get; }

    public double Scale { get; }

    /// <summary>Names of the entries of <see cref="terms"/>: "pixel", then the feature layers.</summary>
    public IReadOnlyList<string> TermNames => _termNames;

    /// <summary>The w_l in <see cref="TermNames"/> order.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>
    /// Builds the loss for a network name (<see cref="NetworkNames"/>, case-insensitive).
    /// <list type="bullet">
    /// <item><c>resnet18</c> (default): ML.NET's ImageNet ResNet-18 ONNX file, copied beside the
    ///   assemblies at build time; <paramref name="weightsPath"/> may point at another copy of it.</item>
    /// <item><c>vgg19</c>: the paper's layers with torchvision's ImageNet weights (a state dict file,
    ///   required) and torchvision's input normalisation, which those weights were trained with.</item>
    /// <item><c>vgg19-caffe</c>: the same layers with weights converted from the original Caffe VGG19
    ///   (torchvision key names), fed Caffe's preprocessing: exactly the paper's loss.</item>
    /// <item><c>none</c>: the pixel term only.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, or a weights file missing/superfluous for it.</exception>
    /// <exception cref="IOException">The weights file is missing.</exception>
    /// <exception cref="InvalidDataException">The weights file is unreadable or does not fit.</exception>
    public static PerceptualLoss Create(string? network, string? weightsPath = null, Device? device = null)
    {
        string name = string.IsNullOrWhiteSpace(network) ? DefaultNetwork : network.Trim().ToLowerInvariant();
        FeatureNetwork? features = name switch
        {
            ResNet18 => CreateResNet18(weightsPath),
            Vgg19 => CreateVgg19(InputNormalization.Torchvision(), weightsPath, name),
            Vgg19Caffe => CreateVgg19(InputNormalization.Caffe(103.939f, 116.779f, 123.68f), weightsPath, name),
            None when weightsPath is not null => throw new ArgumentException(
                $"loss network 'none' (pixel L1 only) takes no weights file, but '{weightsPath}' was given"),
            None => null,
            _ => throw new ArgumentException(
                $"unknown loss network '{network}'; choose one of: {string.Join(", ", NetworkNames)}"),
        };

        var loss = new PerceptualLoss(name, features);
        if (device is not null)
        {
            loss.to(device);
        }

        return loss;
    }

    /// <summary>The scalar loss for targets <paramref name="target"/> (x) and reconstructions <paramref name="reconstruction"/> (x̂).</summary>
    public override Tensor forward(Tensor target, Tensor reconstruction)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Combine(terms(target, reconstruction)));
    }

    /// <summary>
    /// The unweighted terms mean|Φ_l(x) − Φ_l(x̂)| as a 1-D tensor in <see cref="TermNames"/> order,
    /// differentiable with respect to <paramref name="reconstruction"/>.
    /// </summary>
    public Tensor terms(Tensor target, Tensor reconstruction)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reconstruction);
        if (!target.shape.SequenceEqual(reconstruction.shape))
        {
            throw new ArgumentException(
                $"target and reconstruction must have the same shape, got [{string.Join(", ", target.shape)}] and [{string.Join(", ", reconstruction.shape)}]");
        }

        using var scope = NewDisposeScope();
        var values = new List<Tensor> { functional.l1_loss(reconstruction, target.detach()) };
        if (network is not null)
        {
            // no_grad, not inference_mode: tensors made in inference mode may not be saved for backward.
            // L1 happens not to save the target, but e.g. mse_loss does, and the saving is negligible.
            // In a mixed-precision step the frozen network runs in bfloat16 (it has no float32 master weights
            // to keep) and its features come back as float32 for the L1.
            ScalarType networkType = Model.MixedPrecision.ConvolutionType ?? target.dtype;
            ConvertNetwork(networkType);

            IReadOnlyList<Tensor> targetFeatures;
            using (no_grad())
            {
                targetFeatures = network.forward(target.to(networkType));
            }

            var reconstructionFeatures = network.forward(reconstruction.to(networkType));
            for (int i = 0; i < targetFeatures.Count; i++)
            {
                values.Add(functional.l1_loss(reconstructionFeatures[i].to(target.dtype), targetFeatures[i].to(target.dtype)));
            }
        }

        return scope.MoveToOuter(stack(values));
    }

    /// <summary>
    /// Puts the frozen network in <paramref name="dtype"/>. Its float32 weights are kept aside while it runs in a
    /// reduced type, so that going back restores them exactly instead of from their rounded copies.
    /// </summary>
    private void ConvertNetwork(ScalarType dtype)
    {
        if (_networkType == dtype || network is null)
        {
            return;
        }

        if (_networkType == ScalarType.Float32)
        {
            _float32State = Values(network).ToDictionary(kv => kv.Name, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        }

        network.to(dtype);
        if (dtype == ScalarType.Float32 && _float32State is not null)
        {
            using (no_grad())
            {
                foreach ((string name, Tensor value) in Values(network))
                {
                    value.copy_(_float32State[name]);
                }
            }

            foreach (Tensor t in _float32State.Values)
            {
                t.Dispose();
            }

            _float32State = null;
        }

        _networkType = dtype;
    }

    // Parameters and every buffer (the input normalisation's are not in the state dict).
    private static IEnumerable<(string Name, Tensor Value)> Values(FeatureNetwork network) =>
        network.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(network.named_buffers().Select(b => ("buffer:" + b.name, b.buffer)));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            network?.Dispose();
            foreach (Tensor t in _float32State?.Values ?? Enumerable.Empty<Tensor>())
            {
                t.Dispose();
            }

            _float32State = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>scale · Σ w_l · terms[l].</summary>
    public Tensor Combine(Tensor termValues)
    {
        ArgumentNullException.ThrowIfNull(termValues);
        using var scope = NewDisposeScope();
        var w = tensor(_weights, dtype: termValues.dtype, device: termValues.device);
        return scope.MoveToOuter((termValues * w).sum() * Scale);
    }

    // Internal: the evaluation's feature measures load the same network the same way.
    internal static ResNet18Features CreateResNet18(string? onnxPath)
    {
        var features = new ResNet18Features();
        try
        {
            ResNet18Onnx.Load(features, onnxPath);
            return features;
        }
        catch
        {
            features.Dispose();
            throw;
        }
    }

    private static Vgg19Features CreateVgg19(InputNormalization normalization, string? weightsPath, string name)
    {
        if (string.IsNullOrWhiteSpace(weightsPath))
        {
            normalization.Dispose();
            throw new ArgumentException(
                $"loss network '{name}' needs a weights file (a torchvision vgg19 state dict, .pth or .safetensors) and none was given; " +
                $"{Vgg19Weights.HowToMake}; or use '{ResNet18}', which works offline");
        }

        var features = new Vgg19Features(normalization);
        try
        {
            Vgg19Weights.Load(features, weightsPath);
            return features;
        }
        catch
        {
            features.Dispose();
            throw;
        }
    }

}
