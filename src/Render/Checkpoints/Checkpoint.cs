using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Render.Training;

namespace VUnetStream.Render.Checkpoints;

/// <summary>
/// A saved training state: a folder with <c>model.safetensors</c> (the VUNet state dict, readable by
/// PyTorch's <c>safetensors.torch.load_file</c>), <c>optimizer.pt</c> (the Adam state dict in
/// PyTorch's <c>torch.save</c> format) and <c>checkpoint.json</c> (this sidecar: config, step, last losses).
/// </summary>
public sealed record Checkpoint
{
    public const string FormatName = "vunetstream-checkpoint/1";
    public const string SidecarName = "checkpoint.json";
    public const string WeightsName = "model.safetensors";
    public const string OptimizerName = "optimizer.pt";

    public required string Directory { get; init; }

    public required long Step { get; init; }

    public required TrainingConfig Config { get; init; }

    public LossRecord? LastLoss { get; init; }

    public string? DatasetPath { get; init; }

    public int DatasetImages { get; init; }

    public string WeightsPath => Path.Combine(Directory, WeightsName);

    public string OptimizerPath => Path.Combine(Directory, OptimizerName);

    public string SidecarPath => Path.Combine(Directory, SidecarName);

    public JsonObject ToJson() => new()
    {
        ["format"] = FormatName,
        ["step"] = Step,
        ["weights"] = WeightsName,
        ["optimizer"] = OptimizerName,
        ["config"] = Config.ToJson(),
        ["last_loss"] = LastLoss is null ? null : JsonSerializer.SerializeToNode(LastLoss),
        ["dataset"] = new JsonObject { ["path"] = DatasetPath, ["images"] = DatasetImages },
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
        ["saved_utc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Finds a checkpoint from what a user may pass: a checkpoint folder, its <c>model.safetensors</c>
    /// or <c>checkpoint.json</c>, or a training output folder (then its latest checkpoint).
    /// </summary>
    public static Checkpoint Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            string name = Path.GetFileName(full);
            if (name is WeightsName or SidecarName)
            {
                return Read(Path.GetDirectoryName(full)!);
            }

            throw new InvalidDataException($"{path}: expected a checkpoint folder, its {WeightsName} or {SidecarName}, or a training output folder");
        }

        if (!System.IO.Directory.Exists(full))
        {
            throw new FileNotFoundException($"{path}: checkpoint not found", path);
        }

        if (File.Exists(Path.Combine(full, SidecarName)))
        {
            return Read(full);
        }

        return CheckpointStore.Latest(full)
            ?? throw new InvalidDataException($"{path}: no {SidecarName} here and no checkpoint in a training output folder ({CheckpointStore.LatestName} missing)");
    }

    public static Checkpoint Read(string directory)
    {
        string sidecar = Path.Combine(directory, SidecarName);
        if (!File.Exists(sidecar))
        {
            throw new FileNotFoundException($"{sidecar}: checkpoint sidecar not found", sidecar);
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(sidecar)) as JsonObject ?? throw new InvalidDataException($"{sidecar}: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{sidecar}: not valid JSON ({ex.Message})", ex);
        }

        if ((string?)root["format"] != FormatName)
        {
            throw new InvalidDataException($"{sidecar}: format is '{(string?)root["format"]}', expected '{FormatName}'");
        }

        if (root["config"] is not JsonObject config || root["step"] is not JsonValue step)
        {
            throw new InvalidDataException($"{sidecar}: missing \"config\" or \"step\"");
        }

        var checkpoint = new Checkpoint
        {
            Directory = directory,
            Step = step.GetValue<long>(),
            Config = TrainingConfig.Parse(config.ToJsonString(), $"{sidecar} (config)"),
            LastLoss = root["last_loss"]?.Deserialize<LossRecord>(),
            DatasetPath = (string?)root["dataset"]?["path"],
            DatasetImages = (int?)root["dataset"]?["images"] ?? 0,
        };
        if (!File.Exists(checkpoint.WeightsPath))
        {
            throw new FileNotFoundException($"{checkpoint.WeightsPath}: checkpoint weights not found", checkpoint.WeightsPath);
        }

        return checkpoint;
    }
}
