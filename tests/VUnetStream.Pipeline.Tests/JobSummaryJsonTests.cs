using System.Text.Json.Nodes;
using VUnetStream.Core.Reporting;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Pipeline.Tests;

/// <summary>The JSON of <c>transfer-video --json</c> (the job summary's report, before the command adds its settings).</summary>
public sealed class JobSummaryJsonTests
{
    private static JobSummary Summary() => new(
        "out.mp4", Frames: 50, FramesWithoutPerson: 2, Fps: 25, Duration: TimeSpan.FromSeconds(2), FirstFrameLatency: TimeSpan.FromSeconds(0.25),
        new Dictionary<string, (long Frames, TimeSpan Busy)>
        {
            ["decode"] = (50, TimeSpan.FromSeconds(0.5)),
            ["render"] = (50, TimeSpan.FromSeconds(1)),
            ["encode"] = (50, TimeSpan.Zero),
        },
        Downscaled: false)
    { AnnouncedFrames = 50 };

    [Fact]
    public void Json_KeysCarryNoUnits_AndEveryNumberHasItsUnit()
    {
        JsonObject json = Summary().ToReport().ToJson();

        JsonKeyRules.AssertUnitsFreeKeys(json);
        JsonKeyRules.AssertNumbersHaveUnits(json);
    }

    [Fact]
    public void Json_HoldsDurationLatencyAndRatesInSecondsAndFramesPerSecond()
    {
        JsonObject json = Summary().ToReport().ToJson();
        JsonObject units = json[MeasurementReport.UnitsKey]!.AsObject();

        Assert.Equal(2.0, (double)json["duration"]!);
        Assert.Equal("s", (string?)units["duration"]);
        Assert.Equal(0.25, (double)json["first_frame_latency"]!);
        Assert.Equal("s", (string?)units["first_frame_latency"]);
        Assert.Equal(25.0, (double)json["pipeline_frame_rate"]!);
        Assert.Equal("frames/s", (string?)units["pipeline_frame_rate"]);
        Assert.Equal(50.0, (double)json["render_frame_rate"]!);
        Assert.Equal(100.0, (double)json["decode_frame_rate"]!);

        // A stage with no busy time has no rate: null, and still a unit.
        Assert.Null(json["encode_frame_rate"]);
        Assert.True(json.ContainsKey("encode_frame_rate"));
        Assert.Equal("frames/s", (string?)units["encode_frame_rate"]);
    }
}
