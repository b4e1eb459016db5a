using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace VUnetStream.Render.Losses;

/// <summary>
/// Fills <see cref="ResNet18Features"/> from <c>ResNet18.onnx</c> of the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (ImageNet weights, MIT). The build copies the file
/// next to the assemblies (<see cref="DefaultPath"/>), so it is found wherever the program runs,
/// including a published copy, without consulting the NuGet cache at run time.
/// The mapping walks the graph: every Conv is followed by a BatchNormalization; the 7×7 and 3×3
/// convolutions appear in torchvision's order (conv1, layer1.0.conv1, layer1.0.conv2, …) and the three
/// 1×1 ones are the projection shortcuts of layer2…layer4 (which has three blocks in this file). Strides, counts and shapes are checked, so a
/// different file fails with a message instead of loading into the wrong places.
/// </summary>
internal static class ResNet18Onnx
{
    public const string PackageName = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string PackageVersion = "0.23.1";

    /// <summary>Where the build puts the ONNX file: FeatureNetworks/ResNet18.onnx beside the assemblies.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "FeatureNetworks", "ResNet18.onnx");

    /// <summary>Reads the ONNX file and copies its weights and batch-norm statistics into <paramref name="network"/>.</summary>
    public static void Load(ResNet18Features network, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        path ??= DefaultPath;
        var model = ReadModel(path);
        var weights = MapInitializers(model.Graph, path);

        var targets = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in network.named_parameters())
        {
            targets[name] = parameter;
        }

        foreach (var (name, buffer) in network.named_buffers())
        {
            if (name.EndsWith(".running_mean", StringComparison.Ordinal) || name.EndsWith(".running_var", StringComparison.Ordinal))
            {
                targets[name] = buffer;
            }
        }

        foreach (var (key, target) in targets)
        {
            if (!weights.TryGetValue(key, out var source))
            {
                throw new InvalidDataException($"{path}: nothing in the graph maps to '{key}'");
            }

            if (!source.Shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException(
                    $"{path}: initializer '{source.OnnxName}' for '{key}' has shape [{string.Join(", ", source.Shape)}], expected [{string.Join(", ", target.shape)}]");
            }
        }

        using var noGrad = no_grad();
        foreach (var (key, target) in targets)
        {
            var source = weights[key];
            using var value = tensor(source.Values, source.Shape);
            target.copy_(value);
        }
    }

    /// <summary>Parses an ONNX file, with errors that name it.</summary>
    public static ModelProto ReadModel(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"ResNet-18 loss network not found: {path}. The build copies it there from the NuGet package {PackageName} {PackageVersion} " +
                "(run `dotnet build` with access to the package source), or pass the path of ResNet18.onnx from that package.",
                path);
        }

        try
        {
            using var stream = File.OpenRead(path);
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"{path}: not a readable ONNX model ({ex.Message})", ex);
        }
    }

    private sealed record Weight(string OnnxName, long[] Shape, float[] Values);

    private static Dictionary<string, Weight> MapInitializers(GraphProto graph, string path)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();
        var main = convs.Where(c => KernelSize(c) != 1).ToList();
        var projections = convs.Where(c => KernelSize(c) == 1).ToList();

        var mainNames = new List<(string Conv, string Norm, long Stride)> { ("conv1", "bn1", 2) };
        for (int layer = 1; layer <= 4; layer++)
        {
            for (int block = 0; block < ResNet18Features.BlocksPerLayer[layer - 1]; block++)
            {
                for (int conv = 1; conv <= 2; conv++)
                {
                    long stride = layer > 1 && block == 0 && conv == 1 ? 2 : 1;
                    mainNames.Add(($"layer{layer}.{block}.conv{conv}", $"layer{layer}.{block}.bn{conv}", stride));
                }
            }
        }

        var projectionNames = Enumerable.Range(2, 3)
            .Select(layer => ($"layer{layer}.0.downsample.0", $"layer{layer}.0.downsample.1", 2L))
            .ToList();

        if (main.Count != mainNames.Count || projections.Count != projectionNames.Count)
        {
            throw new InvalidDataException(
                $"{path}: not the expected ResNet-18 graph: found {main.Count} 3×3/7×7 and {projections.Count} 1×1 convolutions, " +
                $"expected {mainNames.Count} and {projectionNames.Count}");
        }

        var result = new Dictionary<string, Weight>(StringComparer.Ordinal);
        foreach (var (node, (convName, normName, stride)) in main.Zip(mainNames).Concat(projections.Zip(projectionNames)))
        {
            if (node.Input.Count != 2)
            {
                throw new InvalidDataException($"{path}: convolution '{node.Name}' ({convName}) has a bias; expected batch norm to follow instead");
            }

            long[] strides = [.. Ints(node, "strides")];
            if (strides.Length != 2 || strides[0] != stride || strides[1] != stride)
            {
                throw new InvalidDataException(
                    $"{path}: convolution '{node.Name}' ({convName}) has strides [{string.Join(", ", strides)}], expected {stride}");
            }

            result[convName + ".weight"] = Read(initializers, node.Input[1], path);

            var norm = graph.Node.FirstOrDefault(n => n.OpType == "BatchNormalization" && n.Input.Count == 5 && n.Input[0] == node.Output[0])
                ?? throw new InvalidDataException($"{path}: convolution '{node.Name}' ({convName}) is not followed by BatchNormalization");
            var epsilon = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            if (Math.Abs(epsilon - 1e-5f) > 1e-7f)
            {
                throw new InvalidDataException($"{path}: batch norm '{norm.Name}' ({normName}) has epsilon {epsilon}, expected 1e-5");
            }

            result[normName + ".weight"] = Read(initializers, norm.Input[1], path);
            result[normName + ".bias"] = Read(initializers, norm.Input[2], path);
            result[normName + ".running_mean"] = Read(initializers, norm.Input[3], path);
            result[normName + ".running_var"] = Read(initializers, norm.Input[4], path);
        }

        return result;
    }

    private static IEnumerable<long> Ints(NodeProto node, string attribute) =>
        node.Attribute.FirstOrDefault(a => a.Name == attribute)?.Ints ?? Enumerable.Empty<long>();

    private static long KernelSize(NodeProto conv)
    {
        var kernel = Ints(conv, "kernel_shape").ToList();
        return kernel.Count == 2 && kernel[0] == kernel[1] ? kernel[0] : -1;
    }

    private static Weight Read(Dictionary<string, TensorProto> initializers, string name, string path)
    {
        if (!initializers.TryGetValue(name, out var proto))
        {
            throw new InvalidDataException($"{path}: initializer '{name}' is missing");
        }

        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"{path}: initializer '{name}' has ONNX data type {proto.DataType}, expected float (1)");
        }

        long[] shape = [.. proto.Dims];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        float[] values;
        if (proto.FloatData.Count > 0)
        {
            values = [.. proto.FloatData];
        }
        else
        {
            // raw_data is little-endian, as is every platform this runs on.
            values = MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        }

        if (values.Length != count)
        {
            throw new InvalidDataException(
                $"{path}: initializer '{name}' holds {values.Length.ToString(CultureInfo.InvariantCulture)} values for shape [{string.Join(", ", shape)}]");
        }

        return new Weight(name, shape, values);
    }
}
