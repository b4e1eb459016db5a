using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VUnetStream.Tests.Shared;

/// <summary>
/// The rules every JSON the program writes keeps (README, "Commands"): keys are snake_case names of the
/// quantity without its unit, and a top-level <c>units</c> object gives the unit of every numeric key
/// (for an object of per-entry records, such as per-joint errors, the units of the entries' fields).
/// Linked into every test project (tests/Directory.Build.props).
/// </summary>
internal static partial class JsonKeyRules
{
    public const string UnitsKey = "units";

    // Unit words that may not be a word of a key (so neither peak_rss_mb nor peak_rss_mb_10s passes).
    private static readonly HashSet<string> UnitWords = new(StringComparer.Ordinal)
    {
        "s", "sec", "secs", "second", "seconds", "ms", "us", "ns", "minutes", "hours",
        "mb", "mib", "gb", "gib", "kb", "kib", "bytes",
        "px", "pixels", "fps", "hz", "db", "gflop", "gflops", "mflops", "tflops",
    };

    /// <summary>Why <paramref name="key"/> breaks the rules, or null when it keeps them.</summary>
    public static string? ProblemWith(string key)
    {
        if (!SnakeCase().IsMatch(key))
        {
            return $"'{key}' is not snake_case";
        }

        string[] words = key.Split('_');
        if (words.FirstOrDefault(UnitWords.Contains) is string unit)
        {
            return $"'{key}' names a unit ('{unit}')";
        }

        for (int i = 0; i + 1 < words.Length; i++)
        {
            if (words[i] == "per" && words[i + 1] is "second" or "s" or "frame" or "image")
            {
                return $"'{key}' names a unit ('per_{words[i + 1]}')";
            }
        }

        return null;
    }

    /// <summary>
    /// Fails naming every key of <paramref name="json"/> (at any depth) that breaks the rules. The values
    /// of <paramref name="opaque"/> keys are not looked into (their keys are option names, CSV columns, ...).
    /// </summary>
    public static void AssertUnitsFreeKeys(JsonNode json, params string[] opaque)
    {
        var problems = new List<string>();
        Visit(json, "", problems, opaque);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Fails unless every top-level number (or null, a non-finite number) of <paramref name="json"/> has
    /// a string in its <c>units</c> object, and the fields of per-entry records under a key whose unit is
    /// an object each have one there. Keys in <paramref name="except"/> are skipped.
    /// </summary>
    public static void AssertNumbersHaveUnits(JsonObject json, params string[] except)
    {
        Assert.True(json[UnitsKey] is JsonObject, $"no \"{UnitsKey}\" object in {json.ToJsonString()}");
        JsonObject units = json[UnitsKey]!.AsObject();
        var problems = new List<string>();
        foreach ((string key, JsonNode? value) in json)
        {
            if (key == UnitsKey || except.Contains(key))
            {
                continue;
            }

            if (value is null || value.GetValueKind() == JsonValueKind.Number)
            {
                if (units[key] is not JsonValue unit || unit.GetValueKind() != JsonValueKind.String)
                {
                    problems.Add($"'{key}' has no unit");
                }
            }
            else if (units[key] is JsonObject fieldUnits && value is JsonObject entries)
            {
                foreach ((string entry, JsonNode? record) in entries)
                {
                    foreach ((string field, JsonNode? fieldValue) in record as JsonObject ?? [])
                    {
                        if ((fieldValue is null || fieldValue.GetValueKind() == JsonValueKind.Number) && fieldUnits[field] is not JsonValue)
                        {
                            problems.Add($"'{key}.{entry}.{field}' has no unit");
                        }
                    }
                }
            }
        }

        foreach ((string key, _) in units)
        {
            if (!json.ContainsKey(key))
            {
                problems.Add($"units names '{key}', which is not a key");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void Visit(JsonNode? node, string path, List<string> problems, string[] opaque)
    {
        switch (node)
        {
            case JsonObject o:
                foreach ((string key, JsonNode? value) in o)
                {
                    if (ProblemWith(key) is string problem)
                    {
                        problems.Add($"{path}{problem}");
                    }

                    if (!opaque.Contains(key))
                    {
                        Visit(value, $"{path}{key}.", problems, opaque);
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    Visit(item, path, problems, opaque);
                }

                break;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
