using TorchSharp;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Inference;

/// <summary>
/// The one way into a trained VUNet, for every command and host: resolve what the user named (a
/// checkpoint folder, its <c>model.safetensors</c> or <c>checkpoint.json</c>, a training output folder, or
/// nothing for the built-in default), build the model its config describes, load the weights (names and
/// shapes checked; float16/bfloat16 files are read into float32), switch to eval mode, move it to the device and fold weight normalisation into plain weights for inference.
/// </summary>
public static class ModelLoader
{
    /// <summary>The checkpoint <paramref name="path"/> names, or the default model's when it is null.</summary>
    public static Checkpoint Resolve(string? path) => path is null ? DefaultModel.Resolve() : Checkpoint.Resolve(path);

    /// <summary>
    /// The model of <paramref name="checkpoint"/> with its weights, in eval mode, on <paramref name="device"/> (CPU when null),
    /// in <paramref name="dtype"/> (float32 when null; weight normalisation is folded in float32 first).
    /// </summary>
    public static VUnet Load(Checkpoint checkpoint, Device? device = null, ScalarType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var model = new VUnet(checkpoint.Config.Model);
        try
        {
            ModelWeights.Load(model, checkpoint.WeightsPath, checkpoint.Config.Model.Describe());
            PrepareForInference(model, device, dtype);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What <see cref="Load"/> does once the float32 weights are in: eval mode, the move to <paramref name="device"/>,
    /// weight normalisation folded in float32, then the conversion to <paramref name="dtype"/> (also for a model
    /// fine-tuned in this process, e.g. by test-time personalisation).
    /// </summary>
    internal static void PrepareForInference(VUnet model, Device? device, ScalarType? dtype)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.eval();
        if (device is not null)
        {
            model.to(device);
        }

        // After the move, so the cached weights live on the model's device.
        model.FoldWeightNormForInference();
        if (dtype is ScalarType target && target != ScalarType.Float32)
        {
            model.ConvertForInference(target);
        }
    }
}
