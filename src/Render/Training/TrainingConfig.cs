using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Render.Model;

namespace VUnetStream.Render.Training;

/// <summary>
/// A training config file: <c>{"model": {VUnetConfig, snake_case}, "training": {TrainingOptions}}</c>.
/// The model part may also be a preset name: <c>"model": "tiny"</c> or <c>"model": "reference-128"</c>.
/// </summary>
public sealed record TrainingConfig(VUnetConfig Model, TrainingOptions Training)
{
    public static TrainingConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: config file not found", path);
        }

        TrainingConfig config = Parse(File.ReadAllText(path), path);
        // A relative loss-weights path means: next to the config file.
        if (config.Training.LossWeights is string weights && !Path.IsPathRooted(weights))
        {
            string besideConfig = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", weights);
            config = config with { Training = config.Training with { LossWeights = besideConfig } };
        }

        return config;
    }

    public static TrainingConfig Parse(string json, string source = "config")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({ex.Message})", ex);
        }

        foreach (string key in root.Select(p => p.Key))
        {
            if (key is not ("model" or "training" or "description"))
            {
                throw new InvalidDataException($"{source}: unknown key '{key}' (expected \"model\", \"training\" and optionally \"description\")");
            }
        }

        VUnetConfig model = root["model"] switch
        {
            null => throw new InvalidDataException($"{source}: no \"model\" section"),
            JsonValue v when v.TryGetValue(out string? preset) => Preset(preset, source),
            JsonObject o => VUnetConfig.FromJson(o.ToJsonString(), $"{source} (model)"),
            _ => throw new InvalidDataException($"{source}: \"model\" must be an object or a preset name"),
        };
        TrainingOptions training = root["training"] is JsonObject t
            ? TrainingOptions.FromJson(t, $"{source} (training)")
            : new TrainingOptions();
        return new TrainingConfig(model, training);
    }

    public static VUnetConfig Preset(string name, string source = "config") => name.ToLowerInvariant() switch
    {
        "tiny" => VUnetConfig.Tiny,
        "reference" or "reference-256" => VUnetConfig.Reference(256),
        "reference-128" => VUnetConfig.Reference(128),
        "reference-64" => VUnetConfig.Reference(64),
        _ => throw new InvalidDataException($"{source}: unknown model preset '{name}' (tiny, reference-64, reference-128, reference-256)"),
    };

    public JsonObject ToJson() => new()
    {
        ["model"] = JsonNode.Parse(Model.ToJson()),
        ["training"] = JsonSerializer.SerializeToNode(Training, TrainingOptions.JsonOptions),
    };

    public string ToJsonString() => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
