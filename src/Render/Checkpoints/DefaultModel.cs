using VUnetStream.Render.Training;

namespace VUnetStream.Render.Checkpoints;

/// <summary>
/// Where the built-in default VUNet comes from. Its weights are not in git (tens of MB); they are a
/// checkpoint folder found, in this order, at:
/// <list type="number">
/// <item><c>$VUNET_DEFAULT_MODEL</c> (any path <see cref="Checkpoint.Resolve"/> accepts);</item>
/// <item><c>models/default/</c> in the repository checkout (ignored by git; for a copied-in model);</item>
/// <item><c>$VUNET_MODELS/vunet-default/</c>, by default <c>~/.cache/vunetstream/models/vunet-default/</c>
/// — the folder <c>scripts/train-default.sh</c> fills by training on a synthetic dataset.</item>
/// </list>
/// </summary>
internal static class DefaultModel
{
    public const string EnvironmentVariable = "VUNET_DEFAULT_MODEL";
    public const string CacheFolderName = "vunet-default";

    /// <summary>The cache folder the training script writes (the third place above).</summary>
    public static string CacheFolder
    {
        get
        {
            string? models = Environment.GetEnvironmentVariable("VUNET_MODELS");
            if (string.IsNullOrWhiteSpace(models))
            {
                models = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "vunetstream", "models");
            }

            return Path.Combine(models, CacheFolderName);
        }
    }

    /// <summary>The candidate places, in lookup order.</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var places = new List<string>();
        string? explicitPath = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            places.Add(explicitPath);
        }

        string? repo = FindRepositoryRoot(AppContext.BaseDirectory);
        if (repo is not null)
        {
            places.Add(Path.Combine(repo, "models", "default"));
        }

        places.Add(CacheFolder);
        return places;
    }

    /// <summary>The default model's checkpoint, or an error that says how to get one.</summary>
    public static Checkpoint Resolve()
    {
        foreach (string place in Candidates())
        {
            if (File.Exists(Path.Combine(place, Checkpoint.SidecarName)) || File.Exists(Path.Combine(place, CheckpointStore.LatestName)))
            {
                return Checkpoint.Resolve(place);
            }
        }

        throw new FileNotFoundException(
            "no default model found (looked in " + string.Join(", ", Candidates()) + "); " +
            "train it with ./scripts/train-default.sh (fills " + CacheFolder + "), or pass --checkpoint CKPT");
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VUnetStream.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
