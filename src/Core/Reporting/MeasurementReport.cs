using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Core.IO;

namespace VUnetStream.Core.Reporting;

/// <summary>
/// The results of a measuring command (bench, eval, ...): a readable table on the console and, on
/// request, one flat JSON object whose keys are the measurement names. Keys name the quantity, never
/// its unit (<c>duration</c>, not <c>duration_seconds</c>); the JSON's <see cref="UnitsKey"/> object
/// gives every numeric key's unit ("" for counts and ratios).
/// </summary>
public sealed class MeasurementReport
{
    /// <summary>The JSON key of the object that maps each numeric key to its unit.</summary>
    public const string UnitsKey = "units";

    private readonly List<(string Key, object Value, string Unit, string Description)> _rows = [];
    private readonly JsonObject _extra = [];
    private readonly JsonObject _extraUnits = [];

    public MeasurementReport(string title) => Title = title;

    public string Title { get; }

    public IReadOnlyList<(string Key, object Value, string Unit, string Description)> Rows => _rows;

    /// <summary>
    /// Adds a measurement. <paramref name="key"/> is the JSON key (snake_case, the quantity without its
    /// unit); <paramref name="unit"/> goes into the table and the JSON's units map ("" for counts and ratios).
    /// </summary>
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

    /// <summary>
    /// Attaches structured detail that goes into the JSON only (per-joint errors, per-batch rows, ...).
    /// <paramref name="units"/> (field name to unit) gives the units of the fields of each of its entries;
    /// it appears under <paramref name="key"/> in the units map.
    /// </summary>
    public MeasurementReport Attach(string key, JsonNode? node, JsonObject? units = null)
    {
        _extra[key] = node;
        _extraUnits.Remove(key);
        if (units is not null)
        {
            _extraUnits[key] = units.DeepClone();
        }

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

    /// <summary>
    /// The rows as one JSON object (non-finite numbers as null), the attached detail, and
    /// <see cref="UnitsKey"/>: the unit of every numeric row and of the attached detail's fields.
    /// </summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        var units = new JsonObject();
        foreach ((string key, object value, string unit, _) in _rows)
        {
            if (value is double d)
            {
                json[key] = double.IsFinite(d) ? JsonValue.Create(d) : null;
                units[key] = unit;
            }
            else
            {
                json[key] = JsonValue.Create(value.ToString());
                units.Remove(key);
            }
        }

        foreach ((string key, JsonNode? node) in _extra)
        {
            json[key] = node?.DeepClone();
        }

        foreach ((string key, JsonNode? node) in _extraUnits)
        {
            units[key] = node?.DeepClone();
        }

        if (units.Count > 0)
        {
            json[UnitsKey] = units;
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
