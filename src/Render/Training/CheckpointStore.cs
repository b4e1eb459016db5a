using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using VUnetStream.Core.IO;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Training;

/// <summary>
/// The checkpoints of one training output folder: <c>checkpoints/step-NNNNNNNN/</c> plus
/// <c>latest.json</c>, which names the newest good one. Each checkpoint is written into a temporary
/// folder and renamed into place only when complete, and <c>latest.json</c> is replaced atomically
/// afterwards, so a crash or a full disk never leaves a half-written checkpoint under a final name.
/// A model with a non-finite parameter is never saved: the previous checkpoint stays the latest.
/// </summary>
internal sealed class CheckpointStore
{
    public const string LatestName = "latest.json";
    public const string CheckpointsFolder = "checkpoints";

    private readonly string _outDir;
    private readonly int _keep;

    public CheckpointStore(string outDir, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        _outDir = Path.GetFullPath(outDir);
        _keep = keep;
    }

    /// <summary>The latest checkpoint of the training output folder <paramref name="outDir"/>, or null if it has none.</summary>
    public static Checkpoint? Latest(string outDir)
    {
        string pointer = Path.Combine(outDir, LatestName);
        if (!File.Exists(pointer))
        {
            return null;
        }

        string? relative;
        try
        {
            relative = (string?)JsonNode.Parse(File.ReadAllText(pointer))?["checkpoint"];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{pointer}: not valid JSON ({ex.Message})", ex);
        }

        if (string.IsNullOrEmpty(relative))
        {
            throw new InvalidDataException($"{pointer}: no \"checkpoint\" entry");
        }

        return Checkpoint.Read(Path.Combine(outDir, relative));
    }

    /// <summary>
    /// Saves <paramref name="model"/> and <paramref name="optimizer"/> as the checkpoint described by
    /// <paramref name="info"/> (its Directory is ignored) and makes it the latest.
    /// </summary>
    /// <exception cref="NonFiniteModelException">A parameter holds NaN or ±∞; nothing was written.</exception>
    public Checkpoint Save(Checkpoint info, nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        EnsureFinite(model, info.Step);

        string name = string.Create(CultureInfo.InvariantCulture, $"step-{info.Step:D8}");
        string final = Path.Combine(_outDir, CheckpointsFolder, name);
        using (StagedDirectory staged = StagedDirectory.Begin(final, overwrite: true))
        {
            string weights = Path.Combine(staged.StagingPath, Checkpoint.WeightsName);
            model.save_safetensors(weights);
            optimizer.save_py(Path.Combine(staged.StagingPath, Checkpoint.OptimizerName));
            // Read back what was written: a short write (disk full) must not become the latest checkpoint.
            int written = SafetensorsHeader.Read(weights).Count;
            int expected = model.state_dict().Count;
            if (written != expected)
            {
                throw new IOException($"{weights}: wrote {written} tensors, expected {expected}");
            }

            Checkpoint saved = info with { Directory = final };
            File.WriteAllText(Path.Combine(staged.StagingPath, Checkpoint.SidecarName),
                saved.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            staged.Commit();
        }

        var pointer = new JsonObject { ["checkpoint"] = Path.Combine(CheckpointsFolder, name), ["step"] = info.Step };
        AtomicFile.WriteAllText(Path.Combine(_outDir, LatestName), pointer.ToJsonString() + "\n");
        Prune(name);
        return Checkpoint.Read(final);
    }

    /// <summary>Throws when any floating-point parameter or buffer of <paramref name="model"/> is not finite.</summary>
    public static void EnsureFinite(nn.Module model, long step)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach ((string name, Tensor tensor) in model.state_dict())
        {
            if (!tensor.is_floating_point())
            {
                continue;
            }

            using var scope = NewDisposeScope();
            if (!tensor.detach().isfinite().all().item<bool>())
            {
                throw new NonFiniteModelException(
                    $"refusing to save the checkpoint of step {step}: tensor '{name}' contains NaN or infinity; the previous checkpoint is kept as the latest");
            }
        }
    }

    private void Prune(string latest)
    {
        string folder = Path.Combine(_outDir, CheckpointsFolder);
        string[] steps = Directory.EnumerateDirectories(folder, "step-*")
            .Select(Path.GetFileName).OfType<string>()
            .Where(n => n.Length == 13 && n.Skip(5).All(char.IsAsciiDigit))
            .Order(StringComparer.Ordinal).ToArray();
        // Checkpoints beyond the latest belong to an abandoned continuation (this run resumed from an
        // earlier step); they no longer match the loss log and are removed.
        string[] kept = steps.Where(n => string.CompareOrdinal(n, latest) <= 0).ToArray();
        IEnumerable<string> remove = steps.Where(n => string.CompareOrdinal(n, latest) > 0)
            .Concat(kept.Take(Math.Max(0, kept.Length - _keep)));
        foreach (string old in remove)
        {
            Directory.Delete(Path.Combine(folder, old), recursive: true);
        }
    }
}

/// <summary>The model has NaN or infinite weights (training diverged); it was not saved.</summary>
internal sealed class NonFiniteModelException(string message) : InvalidOperationException(message);
