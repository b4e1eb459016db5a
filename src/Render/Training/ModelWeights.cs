using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace VUnetStream.Render.Training;

/// <summary>
/// Loads a safetensors state dict into a module after checking that every tensor name and shape
/// matches, so a checkpoint trained with another config fails with a message naming the tensor
/// instead of a native copy error.
/// </summary>
public static class ModelWeights
{
    public static void Load(nn.Module module, string weightsPath, string modelDescription)
    {
        ArgumentNullException.ThrowIfNull(module);
        IReadOnlyDictionary<string, SafetensorsEntry> file = SafetensorsHeader.Read(weightsPath);
        Dictionary<string, Tensor> model = module.state_dict();
        foreach ((string name, Tensor tensor) in model)
        {
            if (!file.TryGetValue(name, out SafetensorsEntry? entry))
            {
                throw new InvalidDataException(
                    $"{weightsPath}: has no tensor '{name}', which the model ({modelDescription}) needs; the checkpoint was made with another architecture");
            }

            if (!entry.Shape.SequenceEqual(tensor.shape))
            {
                throw new InvalidDataException(
                    $"{weightsPath}: tensor '{name}' has shape [{string.Join(", ", entry.Shape)}] but the model ({modelDescription}) expects [{string.Join(", ", tensor.shape)}]; the checkpoint was made with another config");
            }
        }

        string? unexpected = file.Keys.FirstOrDefault(k => !model.ContainsKey(k));
        if (unexpected is not null)
        {
            throw new InvalidDataException(
                $"{weightsPath}: has tensor '{unexpected}', which the model ({modelDescription}) does not have; the checkpoint was made with another architecture");
        }

        module.load_safetensors(weightsPath, strict: true);
    }
}
