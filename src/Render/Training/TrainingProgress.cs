using System.Diagnostics;
using System.Globalization;

namespace VUnetStream.Render.Training;

/// <summary>
/// The progress line on stderr: step, a bar, the loss terms, β, lr, images/s and the time left. On a
/// terminal it redraws one line; when stderr is redirected (a log file, CI) it prints a line every
/// log interval instead.
/// </summary>
internal sealed class TrainingProgress
{
    private readonly TextWriter? _writer;
    private readonly bool _interactive;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private double _imagesPerSecond;

    public TrainingProgress(TextWriter? writer, bool interactive)
    {
        _writer = writer;
        _interactive = interactive;
    }

    public void Message(string text)
    {
        if (_writer is null)
        {
            return;
        }

        if (_interactive)
        {
            _writer.Write("\r\u001b[K");
        }

        _writer.WriteLine(text);
        _writer.Flush();
    }

    /// <summary>Reports a finished step; <paramref name="stepSeconds"/> is its wall time including data loading.</summary>
    public void Step(LossRecord record, long totalSteps, int batchSize, double stepSeconds, bool logLine)
    {
        ArgumentNullException.ThrowIfNull(record);
        double rate = stepSeconds > 0 ? batchSize / stepSeconds : 0;
        _imagesPerSecond = _imagesPerSecond == 0 ? rate : 0.9 * _imagesPerSecond + 0.1 * rate;
        if (_writer is null)
        {
            return;
        }

        bool draw = _interactive ? _sinceDraw.ElapsedMilliseconds >= 200 || record.Step == totalSteps : logLine;
        if (!draw)
        {
            return;
        }

        _sinceDraw.Restart();
        double fraction = (double)record.Step / totalSteps;
        const int Width = 24;
        int filled = (int)Math.Round(fraction * Width);
        double secondsLeft = _imagesPerSecond > 0 ? (totalSteps - record.Step) * batchSize / _imagesPerSecond : double.NaN;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"step {record.Step}/{totalSteps} [{new string('#', filled)}{new string('.', Width - filled)}] " +
            $"loss {record.Loss:0.0000} (perceptual {record.Perceptual:0.0000}, KL {record.Kl:0.00}, β {record.Beta:0.###e0}) " +
            $"lr {record.Lr:0.###e0} {_imagesPerSecond:0.0} img/s eta {Eta(secondsLeft)}");
        if (_interactive)
        {
            _writer.Write("\r\u001b[K" + line);
        }
        else
        {
            _writer.WriteLine(line);
        }

        _writer.Flush();
    }

    public double ImagesPerSecond => _imagesPerSecond;

    public void Done()
    {
        if (_interactive && _writer is not null)
        {
            _writer.WriteLine();
            _writer.Flush();
        }
    }

    private static string Eta(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "?";
        }

        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s");
    }
}
