using System.Text;
using System.Text.Json;
using VUnetStream.Core.IO;

namespace VUnetStream.Render.Training;

/// <summary>
/// The training loss log, one JSON object per line (<c>loss.jsonl</c>). On resume the lines after the
/// checkpoint's step are dropped first, so the log always describes the run that produced the weights.
/// </summary>
internal sealed class LossLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly List<LossRecord> _records;

    private LossLog(string path, List<LossRecord> records)
    {
        Path = path;
        _records = records;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    public string Path { get; }

    public IReadOnlyList<LossRecord> Records => _records;

    /// <summary>Opens <paramref name="path"/>, keeping only records with step &lt; <paramref name="keepBefore"/>.</summary>
    public static LossLog Open(string path, long keepBefore)
    {
        var kept = new List<LossRecord>();
        if (File.Exists(path))
        {
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                LossRecord? record;
                try
                {
                    record = JsonSerializer.Deserialize<LossRecord>(lines[i]);
                }
                catch (JsonException)
                {
                    // A line cut off by a crash: everything after it is not trusted either.
                    break;
                }

                if (record is null || record.Step >= keepBefore)
                {
                    break;
                }

                kept.Add(record);
            }

            if (kept.Count != lines.Count(l => !string.IsNullOrWhiteSpace(l)))
            {
                AtomicFile.WriteAllText(path, string.Concat(kept.Select(r => JsonSerializer.Serialize(r) + "\n")));
            }
        }

        return new LossLog(path, kept);
    }

    public void Append(LossRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records.Add(record);
        _writer.Write(JsonSerializer.Serialize(record));
        _writer.Write('\n');
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
