using System.Diagnostics;
using System.Globalization;

namespace VUnetStream.Cli.Batch;

/// <summary>
/// The batch's overall progress on standard error: <c>videos 1/3  frames 120  41.2 frames/s  ETA 0:08</c>.
/// On a terminal the line is redrawn (at most five times a second); otherwise a line is printed each time
/// a video ends, so logs stay readable. Videos not yet started count as the mean length of those that have.
/// </summary>
internal sealed class BatchProgress(int videos, TextWriter? output = null)
{
    private readonly TextWriter _out = output ?? Console.Error;
    private readonly bool _redraw = output is null && !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (int Done, int Total)> _frames = [];
    private readonly Lock _gate = new();
    private int _ended;
    private long _lastDrawMs = -1000;

    /// <summary>A video's frames so far out of its total (0 when not yet known).</summary>
    public void Report(string video, int done, int total)
    {
        lock (_gate)
        {
            _frames[video] = (done, total);
            if (_redraw && _clock.ElapsedMilliseconds - _lastDrawMs >= 200)
            {
                _lastDrawMs = _clock.ElapsedMilliseconds;
                _out.Write("\r" + Line() + "   ");
            }
        }
    }

    /// <summary>A video has ended, however it ended.</summary>
    public void Ended(string video)
    {
        lock (_gate)
        {
            _ended++;
            if (_frames.TryGetValue(video, out (int Done, int Total) f) && f.Total == 0)
            {
                _frames[video] = (f.Done, f.Done);
            }

            _out.Write((_redraw ? "\r" : "") + Line() + (_redraw ? "   " : Environment.NewLine));
        }
    }

    public void Finish()
    {
        if (_redraw)
        {
            _out.WriteLine();
        }
    }

    public string Line()
    {
        lock (_gate)
        {
            int done = _frames.Values.Sum(f => f.Done);
            double seconds = _clock.Elapsed.TotalSeconds;
            double rate = seconds > 0 ? done / seconds : 0;
            string text = string.Create(CultureInfo.InvariantCulture, $"videos {_ended}/{videos}  frames {done}  {rate:F1} frames/s");
            var known = _frames.Values.Where(f => f.Total > 0).ToList();
            if (rate > 0 && known.Count > 0 && _ended < videos)
            {
                double meanTotal = known.Average(f => f.Total);
                double remaining = known.Sum(f => Math.Max(0, f.Total - f.Done)) + (Math.Max(0, videos - _frames.Count) * meanTotal);
                TimeSpan eta = TimeSpan.FromSeconds(remaining / rate);
                text += string.Create(CultureInfo.InvariantCulture, $"  ETA {(int)eta.TotalMinutes}:{eta.Seconds:D2}");
            }

            return text;
        }
    }
}
