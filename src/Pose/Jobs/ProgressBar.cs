using System.Diagnostics;
using System.Globalization;

namespace VUnetStream.Pose.Jobs;

/// <summary>
/// A one-line progress bar on standard error (<c>[#####.....] 120/219 frames  11.8 fps</c>), redrawn at
/// most five times a second; when stderr is not a terminal it prints a plain line every 10% instead.
/// </summary>
public sealed class ProgressBar(string unit, int total, TextWriter? output = null)
{
    private readonly TextWriter _output = output ?? Console.Error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = output is null && !Console.IsErrorRedirected;
    private long _lastDraw = -1000;
    private int _lastDecile = -1;

    public int Done { get; private set; }

    public void Advance(int count = 1)
    {
        Done += count;
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

    /// <summary>Ends the bar's line.</summary>
    public void Finish()
    {
        if (_interactive)
        {
            _output.WriteLine("\r" + Line());
        }
    }

    private string Line()
    {
        double rate = Done / Math.Max(1e-3, _clock.Elapsed.TotalSeconds);
        string bar = "";
        if (total > 0)
        {
            int filled = (int)Math.Round(20.0 * Math.Min(Done, total) / total);
            bar = "[" + new string('#', filled) + new string('.', 20 - filled) + "] ";
        }

        string of = total > 0 ? $"/{total}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{bar}{Done}{of} {unit}  {rate:0.0} {unit}/s   ");
    }
}
