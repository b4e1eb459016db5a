using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace VUnetStream.Pipeline.Metrics;

/// <summary>
/// The pipeline's instruments, named in OpenTelemetry style under the meter
/// <c>VUnetStream.Pipeline</c> (watch live with
/// <c>dotnet-counters monitor -n vunet --counters VUnetStream.Pipeline</c>).
/// Also keeps per-stage totals for the end-of-job summary.
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "VUnetStream.Pipeline";

    private readonly Meter _meter;
    private readonly Counter<long> _frames;
    private readonly Histogram<double> _stageDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _jobDuration;
    private readonly List<(string Name, Func<int> Depth)> _channels = [];
    private readonly Dictionary<string, StageTotals> _totals = [];
    private readonly Lock _gate = new();

    public PipelineMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _frames = _meter.CreateCounter<long>("vunet.pipeline.frames", "{frame}", "Frames that entered or left a stage");
        _stageDuration = _meter.CreateHistogram<double>("vunet.pipeline.stage.duration", "s", "Time a stage spent on one unit of work (a frame, or a batch for render)");
        _batchSize = _meter.CreateHistogram<int>("vunet.render.batch.size", "{frame}", "Frames per generator call");
        _jobDuration = _meter.CreateHistogram<double>("vunet.job.duration", "s", "Wall time of a whole motion-transfer job");
        _meter.CreateObservableGauge("vunet.pipeline.channel.depth", ObserveDepths, "{frame}", "Frames waiting in a channel between stages");
    }

    public void Track<T>(string channelName, Channel<T> channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            _channels.Add((channelName, () => channel.Reader.CanCount ? channel.Reader.Count : 0));
        }
    }

    public void FrameIn(string stage) => _frames.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("direction", "in"));

    public void FramesOut(string stage, int count = 1)
    {
        _frames.Add(count, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("direction", "out"));
        lock (_gate)
        {
            Totals(stage).Frames += count;
        }
    }

    /// <summary>Records <paramref name="elapsed"/> of busy time for a stage.</summary>
    public void Busy(string stage, TimeSpan elapsed)
    {
        _stageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
        lock (_gate)
        {
            Totals(stage).Busy += elapsed;
        }
    }

    public void Batch(int size) => _batchSize.Record(size);

    public void JobFinished(TimeSpan duration, string outcome) =>
        _jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Frames and busy time per stage so far.</summary>
    public IReadOnlyDictionary<string, (long Frames, TimeSpan Busy)> Snapshot()
    {
        lock (_gate)
        {
            return _totals.ToDictionary(kv => kv.Key, kv => (kv.Value.Frames, kv.Value.Busy));
        }
    }

    /// <summary>Measures the time of one unit of work of <paramref name="stage"/>.</summary>
    public BusyTimer Time(string stage) => new(this, stage);

    public void Dispose() => _meter.Dispose();

    private StageTotals Totals(string stage)
    {
        if (!_totals.TryGetValue(stage, out StageTotals? totals))
        {
            totals = new StageTotals();
            _totals[stage] = totals;
        }

        return totals;
    }

    private IEnumerable<Measurement<int>> ObserveDepths()
    {
        lock (_gate)
        {
            return _channels.Select(c => new Measurement<int>(c.Depth(), new KeyValuePair<string, object?>("channel", c.Name))).ToArray();
        }
    }

    private sealed class StageTotals
    {
        public long Frames { get; set; }

        public TimeSpan Busy { get; set; }
    }

    /// <summary>Stops on dispose and records the elapsed time as busy time of the stage.</summary>
    public readonly struct BusyTimer(PipelineMetrics metrics, string stage) : IDisposable
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public void Dispose() => metrics.Busy(stage, Stopwatch.GetElapsedTime(_start));
    }
}
