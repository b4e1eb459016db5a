using OpenCvSharp;
using VUnetStream.Render.Losses;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// Measures on the features of the ImageNet ResNet-18 that the perceptual loss uses (loaded the same
/// way, from the same offline ONNX file):
/// <list type="bullet">
/// <item><see cref="Distance"/>: mean |Δ| of the channel-normalised feature maps at
/// <see cref="DistanceLayers"/> (each location's channel vector scaled to unit length, as LPIPS does,
/// but with no learned weights, so it is NOT LPIPS). 0 = identical features;</item>
/// <item><see cref="Descriptor"/>: the mean of <see cref="DescriptorLayer"/>'s channels over a region
/// (the person), compared by <see cref="CosineDistance"/>: an appearance signature that, unlike mean
/// colours, also sees patterns and texture.</item>
/// </list>
/// </summary>
internal sealed class FeatureDistance : IDisposable
{
    /// <summary>Layers compared by <see cref="Distance"/>: ¼ and ⅛ resolution, past the raw pixels but still local.</summary>
    public static IReadOnlyList<string> DistanceLayers { get; } = ["layer1", "layer2"];

    /// <summary>The layer pooled by <see cref="Descriptor"/>: mid-level (⅛ resolution, 128 channels), colour and pattern.</summary>
    public const string DescriptorLayer = "layer2";

    private readonly ResNet18Features _network;
    private readonly bool _ownsNetwork;
    private readonly int[] _distanceIndices;
    private readonly int _descriptorIndex;

    /// <param name="network">A loaded network (it is frozen here).</param>
    /// <param name="ownsNetwork">Whether <see cref="Dispose"/> disposes it.</param>
    public FeatureDistance(ResNet18Features network, bool ownsNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Freeze();
        _network = network;
        _ownsNetwork = ownsNetwork;
        _distanceIndices = [.. DistanceLayers.Select(IndexOf)];
        _descriptorIndex = IndexOf(DescriptorLayer);
    }

    /// <summary>Loads the ResNet-18 ONNX weights (default: the copy beside the assemblies).</summary>
    public static FeatureDistance Load(string? onnxPath = null) => new(PerceptualLoss.CreateResNet18(onnxPath), ownsNetwork: true);

    /// <summary>Runs the network once on an 8-bit BGR image.</summary>
    public ImageFeatures Extract(Mat imageBgr)
    {
        ArgumentNullException.ThrowIfNull(imageBgr);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor input = ImageTensors.FromBgr(imageBgr).unsqueeze(0);
        IReadOnlyList<Tensor> maps = _network.forward(input);
        // LPIPS's normalisation: each location's channel vector to unit length (ε against all-zero ReLUs).
        Tensor[] normalised = [.. _distanceIndices.Select(i => maps[i] / (maps[i].norm(1, keepdim: true) + 1e-10))];
        Tensor descriptorMap = maps[_descriptorIndex];
        foreach (Tensor t in normalised)
        {
            scope.MoveToOuter(t);
        }

        scope.MoveToOuter(descriptorMap);
        return new ImageFeatures(normalised, descriptorMap);
    }

    /// <summary>Mean over <see cref="DistanceLayers"/> of mean |Δ| of the normalised features; 0 = identical.</summary>
    public static double Distance(ImageFeatures a, ImageFeatures b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        using var scope = NewDisposeScope();
        double sum = 0;
        for (int l = 0; l < a.Normalised.Count; l++)
        {
            sum += (a.Normalised[l] - b.Normalised[l]).abs().mean().item<float>();
        }

        return sum / a.Normalised.Count;
    }

    /// <summary>Distance of two images (one network pass each).</summary>
    public double Distance(Mat a, Mat b)
    {
        using ImageFeatures fa = Extract(a);
        using ImageFeatures fb = Extract(b);
        return Distance(fa, fb);
    }

    /// <summary>
    /// <see cref="DescriptorLayer"/>'s channel means over <paramref name="region"/> (8-bit mask of the
    /// image's size, non-zero = in; shrunk to the feature map by area averaging, so partly covered cells
    /// count in part). An empty region falls back to the whole image.
    /// </summary>
    public static float[] Descriptor(ImageFeatures features, Mat region)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(region);
        Tensor map = features.DescriptorMap;
        int height = (int)map.shape[2];
        int width = (int)map.shape[3];
        using var binary = new Mat();
        Cv2.Threshold(region, binary, 0, 1, ThresholdTypes.Binary);
        using var unit = new Mat();
        binary.ConvertTo(unit, MatType.CV_32F);
        using var small = new Mat();
        Cv2.Resize(unit, small, new OpenCvSharp.Size(width, height), 0, 0, InterpolationFlags.Area);
        small.GetArray(out float[] cells);

        using var scope = NewDisposeScope();
        Tensor weights = tensor(cells, [1, 1, height, width]);
        double total = weights.sum().item<float>();
        Tensor pooled = total > 1e-9
            ? (map * weights).sum([2, 3]) / total
            : map.mean([2, 3]);
        return pooled.flatten().data<float>().ToArray();
    }

    /// <summary>1 − cosine similarity: 0 = same direction, 1 = orthogonal (ReLU features are never opposed).</summary>
    public static double CosineDistance(float[] a, float[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"descriptors differ in length: {a.Length} vs {b.Length}");
        }

        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return na == 0 || nb == 0 ? (na == nb ? 0 : 1) : 1 - dot / Math.Sqrt(na * nb);
    }

    public void Dispose()
    {
        if (_ownsNetwork)
        {
            _network.Dispose();
        }
    }

    private int IndexOf(string layer)
    {
        int index = _network.LayerNames.ToList().IndexOf(layer);
        return index >= 0 ? index : throw new InvalidOperationException($"ResNet-18 has no feature layer '{layer}'");
    }
}
