using System.CommandLine;
using VUnetStream.Core.IO;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet export-model</c>: a checkpoint's weights alone (no optimizer state), optionally in half
/// precision, as a new checkpoint folder that every command accepts — how a trained model goes into git
/// (models/default) at half the size. Loading converts back to float32.
/// </summary>
internal static class ExportModelCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint folder, its model.safetensors, or a training output folder", Required = true };
        var outDir = new Option<string>("--out") { Description = "New folder for the exported model (must not exist, or be empty)", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "float32, float16 or bfloat16", DefaultValueFactory = _ => "float16" };
        var command = new Command("export-model", "Write a checkpoint's weights (no optimizer state), optionally in half precision, as a new checkpoint folder.")
        {
            checkpoint, outDir, dtype,
        };
        command.SetAction(parse =>
        {
            ScalarType type = parse.GetValue(dtype) switch
            {
                "float32" => ScalarType.Float32,
                "float16" => ScalarType.Float16,
                "bfloat16" => ScalarType.BFloat16,
                var other => throw new ArgumentException($"--dtype '{other}' is not one of float32, float16, bfloat16"),
            };
            Checkpoint source = ModelLoader.Resolve(parse.GetValue(checkpoint)!);
            string target = Path.GetFullPath(parse.GetValue(outDir)!);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                throw new IOException($"{target}: exists and is not empty; export-model writes only into a new or empty folder");
            }

            using VUnet model = ModelLoader.Load(source);
            using StagedDirectory staged = StagedDirectory.Begin(target, overwrite: Directory.Exists(target));
            ModelWeights.Save(model, Path.Combine(staged.StagingPath, Checkpoint.WeightsName), type);
            var sidecar = source.ToJson();
            sidecar.Remove("optimizer");
            // The training machine's paths mean nothing where the model is used: keep the dataset's name only.
            sidecar["dataset"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = source.DatasetPath is null ? null : Path.GetFileName(source.DatasetPath.TrimEnd(Path.DirectorySeparatorChar)),
                ["images"] = source.DatasetImages,
            };
            AtomicFile.WriteAllText(Path.Combine(staged.StagingPath, Checkpoint.SidecarName), sidecar.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            staged.Commit();
            long bytes = new FileInfo(Path.Combine(target, Checkpoint.WeightsName)).Length;
            Console.WriteLine($"exported step {source.Step} ({model.ParameterCount:N0} parameters, {parse.GetValue(dtype)}) to {target}: {bytes / 1048576.0:F1} MiB of weights");
            return 0;
        });
        return command;
    }
}
