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

    public double PipelineFps => Duration.TotalSeconds > 0 ? Frames / Duration.TotalSeconds : 0;

    public MeasurementReport ToReport()
    {
        var report = new MeasurementReport($"motion transfer: {OutputPath}")
            .Add("frames", Frames, "frames")
            .Add("frames_announced", AnnouncedFrames, "frames", "the video container's frame count (-1: unknown)")
            .Add("frames_without_person", FramesWithoutPerson, "frames", "last pose held")
            .Add("duration", Duration.TotalSeconds, "s")
            .Add("pipeline_frame_rate", PipelineFps, "frames/s", "end to end")
            .Add("first_frame_latency", FirstFrameLatency.TotalSeconds, "s", "start to first encoded frame");
        foreach ((string stage, (long frames, TimeSpan busy)) in Stages)
        {
            report.Add($"{stage}_frame_rate", busy.TotalSeconds > 0 ? frames / busy.TotalSeconds : double.NaN, "frames/s", $"{stage} stage alone (busy time)");
        }

        return report;
    }
}
