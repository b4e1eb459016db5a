using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using VUnetStream.Core.IO;
using VUnetStream.Core.Reporting;

namespace VUnetStream.Cli.Output;

/// <summary>
/// Where a command's <c>--json</c> goes: a file (written atomically, never over an existing one unless
/// --overwrite), or standard output for <c>--json -</c>, in which case the human-readable table moves to
/// standard error so the JSON can be piped on its own.
/// </summary>
internal static class JsonOutput
{
    public const string StandardOutput = "-";

    /// <summary>The --json file as an output to check before any work (none for stdout or no --json).</summary>
    public static NamedOutput[] Targets(string? path) =>
        path is null || path == StandardOutput ? [] : [NamedOutput.File("--json", path)];

    /// <summary>Where the table goes: standard error when the JSON takes standard output.</summary>
    public static TextWriter TableWriter(string? jsonPath) => jsonPath == StandardOutput ? Console.Error : Console.Out;

    /// <summary>
    /// What every measuring command ends with: the report's table (on standard error when the JSON takes
    /// standard output), then with --json the same results as JSON. <paramref name="blankLineAfterTable"/>
    /// keeps the empty line some commands print after their table.
    /// </summary>
    public static void Report(MeasurementReport report, string? jsonPath, bool overwrite, ParseResult parse, bool blankLineAfterTable = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        TextWriter table = TableWriter(jsonPath);
        table.Write(report.ToTable());
        if (blankLineAfterTable)
        {
            table.WriteLine();
        }

        if (jsonPath is not null)
        {
            Write(report, jsonPath, overwrite, parse);
        }
    }

    /// <summary>Writes the report's JSON, with what it was made with (<see cref="CommandSettings"/>) first.</summary>
    public static void Write(MeasurementReport report, string path, bool overwrite, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(report);
        JsonObject json = CommandSettings.ToJson(parse);
        foreach ((string key, JsonNode? value) in report.ToJson())
        {
            json[key] = value?.DeepClone();
        }

        string text = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (path == StandardOutput)
        {
            Console.Out.Write(text);
            Console.Out.Flush();
            return;
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.Write(path, temp => File.WriteAllText(temp, text), overwrite);
    }
}
