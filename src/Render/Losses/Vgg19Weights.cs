using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace VUnetStream.Render.Losses;

/// <summary>
/// Loads a torchvision ImageNet <c>vgg19</c> state dict (the user supplies it: no VGG weights can be had
/// offline) into <see cref="Vgg19Features"/>. Reads PyTorch's zip format (<c>torch.save</c> since 1.6,
/// via TorchSharp.PyBridge) and safetensors (by the <c>.safetensors</c> extension). Keys other than the
/// needed <c>features.N.*</c> convolutions (the classifier, relu5_3 onward) are ignored, so the full
/// torchvision file loads as is.
/// </summary>
internal static class Vgg19Weights
{
    /// <summary>One-line recipe for users, repeated in errors.</summary>
    public const string HowToMake =
        "make one with: python -c \"import torch, torchvision; torch.save(torchvision.models.vgg19(weights='IMAGENET1K_V1').state_dict(), 'vgg19.pth')\"";

    public static void Load(Vgg19Features network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        var stateDict = Read(path);
        try
        {
            Copy(network, stateDict, path);
        }
        finally
        {
            foreach (var tensor in stateDict.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Reads every tensor of a .pth (zip) or .safetensors state dict file.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"VGG19 weights file not found: {path} ({HowToMake})", path);
        }

        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Safetensors.LoadStateDict(path);
            }
            catch (Exception ex) when (IsContentError(ex))
            {
                throw new InvalidDataException($"{path}: not a readable safetensors file ({ex.Message})", ex);
            }
        }

        CheckZipFormat(path);
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception ex) when (IsContentError(ex))
        {
            throw new InvalidDataException(
                $"{path}: not a readable PyTorch state dict ({ex.Message}); it must be a state_dict saved with torch.save, not a whole model; {HowToMake}", ex);
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string key && entry.Value is Tensor value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    // A truncated file surfaces as EndOfStreamException, an IOException that is really bad content.
    private static bool IsContentError(Exception ex) =>
        ex is EndOfStreamException || ex is not (IOException or UnauthorizedAccessException or OutOfMemoryException);

    // PyBridge reads only the zip container torch.save has written since PyTorch 1.6. The
    // download-cache files of older torchvision releases are in the legacy format: say so and how to
    // convert, rather than let the unpickler fail with an obscure message.
    private static void CheckZipFormat(string path)
    {
        Span<byte> head = stackalloc byte[4];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return;
        }

        if (read >= 1 && head[0] == 0x80)
        {
            throw new InvalidDataException(
                $"{path}: legacy (pre-1.6) torch.save format, which cannot be read here; re-save it once with: " +
                "python -c \"import torch; torch.save(torch.load('OLD.pth'), 'vgg19.pth')\"");
        }

        throw new InvalidDataException($"{path}: neither a PyTorch .pth (zip) nor a .safetensors file; {HowToMake}");
    }

    private static void Copy(Vgg19Features network, Dictionary<string, Tensor> stateDict, string path)
    {
        // The network's parameter names are torchvision's keys (features.0.weight, …).
        var targets = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        // Check everything before touching the network, so a bad file leaves it unchanged.
        foreach (var (key, parameter) in targets)
        {
            if (!stateDict.TryGetValue(key, out var source))
            {
                throw new InvalidDataException(
                    $"{path}: missing key '{key}'; expected a torchvision vgg19 state dict (keys features.0.weight … features.34.bias); {HowToMake}");
            }

            if (!source.shape.SequenceEqual(parameter.shape))
            {
                throw new InvalidDataException(
                    $"{path}: key '{key}' has shape [{string.Join(", ", source.shape)}], expected [{string.Join(", ", parameter.shape)}] " +
                    "(is this vgg19 without batch norm?)");
            }

            if (!source.is_floating_point())
            {
                throw new InvalidDataException($"{path}: key '{key}' has type {source.dtype}, expected floating point");
            }
        }

        using var noGrad = no_grad();
        foreach (var (key, parameter) in targets)
        {
            parameter.copy_(stateDict[key]);
        }
    }
}
