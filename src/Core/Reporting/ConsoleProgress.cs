using System.Diagnostics;
using System.Globalization;

namespace VUnetStream.Core.Reporting;

/// <summary>
/// A one-line progress bar on standard error: <c>[#####.....] 120/219 frames  11.8 frames/s  ETA 0:08</c>,
/// redrawn at most five times a second. When stderr is not a terminal (CI, logs) it prints a plain line
/// every 10% instead, so logs stay readable.
/// </summary>
public sealed class ConsoleProgress(string unit, int total, TextWriter? output = null)
{
    private readonly TextWriter _output = output ?? Console.Error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = output is null && !Console.IsErrorRedirected;
    private long _lastDraw = -1000;
    private int _lastDecile = -1;

    public int Done { get; private set; }

    /// <summary>Sets the number of items done (for callbacks that report a running count).</summary>
    public void Report(int done)
    {
        Done = done;
        long now = _clock.ElapsedMilliseconds;
        if (_interactive)
        {
            if (now - _lastDraw >= 200 || Done == total)
            {
                _lastDraw = now;
                _output.Write("\r" + Line());
            }
        }
        else if (total > 0 && Done * 10 / total > _lastDecile)
        {
            _lastDecile = Done * 10 / total;
            _output.WriteLine(Line());
        }
    }

    public void Advance(int count = 1) => Report(Done + count);

    /// <summary>Ends the bar's line.</summary>
    public void Finish()
    {
        if (_interactive)
        {
            _output.WriteLine("\r" + Line());
        }
    }

    public string Line()
    {
        double seconds = Math.Max(1e-3, _clock.Elapsed.TotalSeconds);
        double rate = Done / seconds;
        string bar = "", eta = "";
        if (total > 0)
        {
            int filled = (int)Math.Round(20.0 * Math.Min(Done, total) / total);
            bar = "[" + new string('#', filled) + new string('.', 20 - filled) + "] ";
            if (rate > 0 && Done < total)
            {
                TimeSpan left = TimeSpan.FromSeconds((total - Done) / rate);
                eta = "  ETA " + (left.TotalHours >= 1 ? left.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : left.ToString(@"m\:ss", CultureInfo.InvariantCulture));
            }
        }

        string of = total > 0 ? $"/{total}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{bar}{Done}{of} {unit}  {rate:0.0} {unit}/s{eta}   ");
    }
}
