using TorchSharp.PyBridge;
using static TorchSharp.torch;
using VUnetStream.Render.Training;

namespace VUnetStream.Render.Checkpoints;

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

        if (file.Values.All(e => e.Dtype == "F32"))
        {
            module.load_safetensors(weightsPath, strict: true);
            return;
        }

        // Weights stored in half precision (the committed default model, to keep git small): read them as
        // stored and copy each into the model's float32 parameter, which converts.
        Dictionary<string, Tensor> stored = Safetensors.LoadStateDict(weightsPath);
        try
        {
            using (no_grad())
            {
                foreach ((string name, Tensor tensor) in model)
                {
                    tensor.copy_(stored[name]);
                }
            }
        }
        finally
        {
            foreach (Tensor t in stored.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="module"/>'s state dict as a safetensors file in <paramref name="dtype"/>
    /// (float16 halves the size of a model meant for git; <see cref="Load"/> reads it back into float32).
    /// Written to a temporary name and renamed into place.
    /// </summary>
    public static void Save(nn.Module module, string weightsPath, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(module);
        var converted = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().to(dtype));
        string partial = weightsPath + ".partial";
        try
        {
            Safetensors.SaveStateDict(partial, converted);
            File.Move(partial, weightsPath, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
            foreach (Tensor t in converted.Values)
            {
                t.Dispose();
            }
        }
    }
}
