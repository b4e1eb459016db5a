using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Render.Model;

namespace VUnetStream.Render.Config;

/// <summary>
/// Refuses unknown keys in a config file's <c>model</c> section, naming the key, the file and the
/// nearest known key. <see cref="VUnetConfig"/> itself skips unknown members (so a typo such as
/// <c>dropuot</c> silently trained with the default); this check runs on the user's config file before
/// it is loaded, while checkpoint sidecars, which this program wrote, keep loading as they always did.
/// The known keys are what <see cref="VUnetConfig"/> writes, so a key added there is accepted here.
/// </summary>
public static class ModelSectionKeys
{
    public static IReadOnlySet<string> Known { get; } =
        (JsonNode.Parse(new VUnetConfig().ToJson()) as JsonObject ?? []).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Throws an <see cref="InvalidDataException"/> for the first unknown key of the model section of the file at <paramref name="path"/>.</summary>
    public static void ThrowIfUnknown(string path)
    {
        if (!File.Exists(path))
        {
            return; // the loader reports a missing file
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return; // the loader reports invalid JSON with its position
        }

        ThrowIfUnknown(root?["model"] as JsonObject, path);
    }

    public static void ThrowIfUnknown(JsonObject? model, string source)
    {
        foreach (string key in model?.Select(p => p.Key) ?? [])
        {
            if (!Known.Contains(key))
            {
                string nearest = Known.MinBy(k => EditDistance(k, key))!;
                throw new InvalidDataException(
                    $"{source} (model): unknown key '{key}' (did you mean '{nearest}'? known keys: {string.Join(", ", Known.Order(StringComparer.Ordinal))})");
            }
        }
    }

    private static int EditDistance(string a, string b)
    {
        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray(), current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
