using System.Diagnostics.Metrics;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Queue;
using VUnetStream.Service.Storage;

namespace VUnetStream.Service.Telemetry;

/// <summary>
/// The service's instruments under the meter <c>VUnetStream.Service</c>, next to the pipeline's own
/// (<c>VUnetStream.Pipeline</c>): jobs per state (read from the store, so the counts survive a restart),
/// jobs finished per outcome, job duration, and the frames/s of each stage of the running jobs.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "VUnetStream.Service";

    private readonly Meter _meter;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _duration;

    public ServiceMetrics(JobStore store, RunningJobs running)
    {
        _meter = new Meter(MeterName);
        _finished = _meter.CreateCounter<long>("vunet.service.jobs.finished", "{job}", "Jobs that ended since the service started, by outcome");
        _duration = _meter.CreateHistogram<double>("vunet.service.job.duration", "s", "Wall time of a job from its start to its end, by outcome");
        _meter.CreateObservableGauge("vunet.service.jobs", () => store.CountByState()
            .Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("state", JobStates.Name(kv.Key))))
            .ToArray(), "{job}", "Jobs in the store per state (queued, running, succeeded, failed, cancelled)");
        _meter.CreateObservableGauge("vunet.service.stage.frame_rate", () => StageRates(running), "{frame}/s",
            "Frames per second leaving each stage, summed over the running jobs (frames so far / the job's time so far)");
    }

    public void JobFinished(JobState outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", JobStates.Name(outcome));
        _finished.Add(1, tag);
        _duration.Record(duration.TotalSeconds, tag);
    }

    public void Dispose() => _meter.Dispose();

    private static Measurement<double>[] StageRates(RunningJobs running)
    {
        var rates = new Dictionary<string, double>();
        foreach (RunningJob job in running.All)
        {
            double seconds = job.Elapsed.TotalSeconds;
            foreach ((string stage, (long frames, _)) in job.Metrics.Snapshot())
            {
                rates[stage] = rates.GetValueOrDefault(stage) + (seconds > 0 ? frames / seconds : 0);
            }
        }

        return rates.Select(kv => new Measurement<double>(kv.Value, new KeyValuePair<string, object?>("stage", kv.Key))).ToArray();
    }
}
