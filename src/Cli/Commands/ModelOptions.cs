using System.CommandLine;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Training;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Cli.Commands;

/// <summary>Options shared by the experiment commands (reconstruct, sample, transfer, eval).</summary>
internal static class ModelOptions
{
    public static Option<string?> Checkpoint() => new("--checkpoint")
    {
        Description = "Checkpoint folder, its model.safetensors, or a training output folder (latest checkpoint); default: the built-in default model",
    };

    public static Option<string> Data() => new("--data")
    {
        Description = "Dataset folder (a `vunet synth dataset` root uses test/; or a benchmark/OpenPose folder)",
        Required = true,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "Torch threads (default: one per core)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static (VUnetRunner Runner, string Label) Open(string? checkpointPath, int threads)
    {
        TorchSharp.torch.set_num_threads(Math.Max(1, threads));
        Checkpoint checkpoint = ModelLoader.Resolve(checkpointPath);
        // Titles of grids that get shared: the model and its step, never a path on this machine.
        string name = checkpointPath is null ? "default model" : Path.GetFileName(checkpoint.Directory.TrimEnd(Path.DirectorySeparatorChar));
        return (new VUnetRunner(ModelLoader.Load(checkpoint), ownsModel: true), $"{name}, {checkpoint.Config.Model.ImageSize}x{checkpoint.Config.Model.ImageSize}, step {checkpoint.Step}");
    }
}
