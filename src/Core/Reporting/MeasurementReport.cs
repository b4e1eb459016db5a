using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Core.IO;

namespace VUnetStream.Core.Reporting;

/// <summary>
/// The results of a measuring command (bench, eval, ...): a readable table on the console and, on
/// request, one flat JSON object whose keys are the measurement names.
/// </summary>
public sealed class MeasurementReport
{
    private readonly List<(string Key, object Value, string Unit, string Description)> _rows = [];
    private readonly JsonObject _extra = [];

    public MeasurementReport(string title) => Title = title;

    public string Title { get; }

    public IReadOnlyList<(string Key, object Value, string Unit, string Description)> Rows => _rows;

    /// <summary>Adds a measurement. <paramref name="key"/> is the JSON key (snake_case).</summary>
    public MeasurementReport Add(string key, double value, string unit = "", string description = "")
    {
        _rows.Add((key, value, unit, description));
        return this;
    }

    public MeasurementReport Add(string key, string value, string description = "")
    {
        _rows.Add((key, value, "", description));
        return this;
    }

    /// <summary>Attaches structured detail that goes into the JSON only (per-joint errors, per-batch rows, ...).</summary>
    public MeasurementReport Attach(string key, JsonNode? node)
    {
        _extra[key] = node;
        return this;
    }

    public string ToTable()
    {
        var lines = new List<string[]> { new[] { "measurement", "value", "unit", "what it is" } };
        foreach ((string key, object value, string unit, string description) in _rows)
        {
            string text = value is double d ? FormatNumber(d) : value.ToString() ?? "";
            lines.Add([key, text, unit, description]);
        }

        int[] widths = Enumerable.Range(0, 4).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var builder = new System.Text.StringBuilder();
        builder.AppendLine(Title);
        for (int i = 0; i < lines.Count; i++)
        {
            string[] l = lines[i];
            builder.Append("  ").Append(l[0].PadRight(widths[0])).Append("  ")
                .Append(l[1].PadLeft(widths[1])).Append("  ")
                .Append(l[2].PadRight(widths[2])).Append("  ")
                .AppendLine(l[3]).Replace(" \n", "\n");
            if (i == 0)
            {
                builder.Append("  ").AppendLine(new string('-', widths.Sum() + 6));
            }
        }

        return builder.ToString().TrimEnd() + Environment.NewLine;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach ((string key, object value, _, _) in _rows)
        {
            json[key] = value is double d ? (double.IsFinite(d) ? JsonValue.Create(d) : null) : JsonValue.Create(value.ToString());
        }

        foreach ((string key, JsonNode? node) in _extra)
        {
            json[key] = node?.DeepClone();
        }

        return json;
    }

    /// <summary>Writes the JSON object to <paramref name="path"/> atomically.</summary>
    public void WriteJson(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static string FormatNumber(double value) =>
        double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 1000 || value == Math.Floor(value) ? value.ToString("0.##", CultureInfo.InvariantCulture)
        : value.ToString("0.####", CultureInfo.InvariantCulture);
}
