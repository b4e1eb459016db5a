using VUnetStream.Core.Reporting;

namespace VUnetStream.Pipeline;

/// <summary>What a finished job did and how fast each stage ran.</summary>
public sealed record JobSummary(
    string OutputPath,
    int Frames,
    int FramesWithoutPerson,
    double Fps,
    TimeSpan Duration,
    TimeSpan FirstFrameLatency,
    IReadOnlyDictionary<string, (long Frames, TimeSpan Busy)> Stages,
    bool Downscaled)
{
    /// <summary>The frame count the video's container announces (-1 when unknown); more than <see cref="Frames"/> after --allow-partial.</summary>
    public int AnnouncedFrames { get; init; } = -1;

    /// <summary>Test-time personalisation steps made before rendering (0: off).</summary>
    public int PersonalizeSteps { get; init; }

    /// <summary>Time the personalisation took (before the pipeline started, so not part of <see cref="Duration"/>).</summary>
    public TimeSpan PersonalizeDuration { get; init; }

    public double PipelineFps => Duration.TotalSeconds > 0 ? Frames / Duration.TotalSeconds : 0;

    public MeasurementReport ToReport()
    {
        var report = new MeasurementReport($"motion transfer: {OutputPath}")
            .Add("frames", Frames, "frames")
            .Add("frames_announced", AnnouncedFrames, "frames", "the video container's frame count (-1: unknown)")
            .Add("frames_without_person", FramesWithoutPerson, "frames", "last pose held")
            .Add("duration", Duration.TotalSeconds, "s")
            .Add("pipeline_frame_rate", PipelineFps, "frames/s", "end to end")
            .Add("first_frame_latency", FirstFrameLatency.TotalSeconds, "s", "start to first encoded frame")
            .Add("personalize_steps", PersonalizeSteps, "", "test-time personalisation steps on the photo (0: off)")
            .Add("personalize_duration", PersonalizeDuration.TotalSeconds, "s", "personalisation time, before the pipeline's duration");
        foreach ((string stage, (long frames, TimeSpan busy)) in Stages)
        {
            report.Add($"{stage}_frame_rate", busy.TotalSeconds > 0 ? frames / busy.TotalSeconds : double.NaN, "frames/s", $"{stage} stage alone (busy time)");
        }

        return report;
    }
}
