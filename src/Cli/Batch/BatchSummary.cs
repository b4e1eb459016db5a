using System.Globalization;

namespace VUnetStream.Cli.Batch;

/// <summary>The table a batch ends with: one row per video, with its output or the reason it has none.</summary>
internal static class BatchSummary
{
    public static string Table(IReadOnlyList<BatchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string[] header = ["video", "state", "frames", "seconds", "output or error"];
        var cells = rows.Select(r => new[]
        {
            r.Video,
            r.State.ToString().ToLowerInvariant(),
            r.Frames.ToString(CultureInfo.InvariantCulture),
            r.Seconds.ToString("F1", CultureInfo.InvariantCulture),
            r.Output ?? r.Error ?? "",
        }).ToList();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var lines = new List<string> { Line(header, widths), Line(widths.Select(w => new string('-', w)).ToArray(), widths) };
        lines.AddRange(cells.Select(c => Line(c, widths)));
        int succeeded = rows.Count(r => r.State == BatchState.Succeeded);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{succeeded} of {rows.Count} videos succeeded"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
