using System.Text.Json.Nodes;
using VUnetStream.Core.Reporting;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Core.Tests;

public sealed class MeasurementReportTests
{
    [Fact]
    public void Report_WritesEveryRowToTheTableAndTheJson()
    {
        MeasurementReport report = new MeasurementReport("bench")
            .Add("render_frame_rate", 12.5, "frames/s", "render only")
            .Add("device", "cpu");
        string table = report.ToTable();
        JsonObject json = report.ToJson();

        Assert.Contains("render_frame_rate", table, StringComparison.Ordinal);
        Assert.Contains("12.5", table, StringComparison.Ordinal);
        Assert.Equal(12.5, json["render_frame_rate"]!.GetValue<double>());
        Assert.Equal("cpu", json["device"]!.GetValue<string>());
    }

    [Fact]
    public void Report_NonFiniteNumbers_BecomeJsonNull()
    {
        JsonObject json = new MeasurementReport("x").Add("ratio", double.NaN).ToJson();
        Assert.Null(json["ratio"]);
        Assert.True(json.ContainsKey("ratio"));
    }

    [Fact]
    public void Json_GivesEveryNumbersUnitInOneUnitsObject_AndNoneForText()
    {
        JsonObject json = new MeasurementReport("x")
            .Add("duration", 1.5, "s")
            .Add("peak_rss", 512, "MiB")
            .Add("ratio", double.NaN)
            .Add("device", "cpu")
            .Attach("per_joint", new JsonObject { ["nose"] = new JsonObject { ["mean_error"] = 2.0, ["pck"] = 1.0 } }, new JsonObject { ["mean_error"] = "px", ["pck"] = "" })
            .ToJson();

        JsonObject units = json[MeasurementReport.UnitsKey]!.AsObject();
        Assert.Equal("s", (string?)units["duration"]);
        Assert.Equal("MiB", (string?)units["peak_rss"]);
        Assert.Equal("", (string?)units["ratio"]);
        Assert.False(units.ContainsKey("device"));
        Assert.Equal("px", (string?)units["per_joint"]!["mean_error"]);
        Assert.Equal(1.5, (double)json["duration"]!);
        JsonKeyRules.AssertNumbersHaveUnits(json);
        JsonKeyRules.AssertUnitsFreeKeys(json);
    }

    [Fact]
    public void Json_OfAReportWithNoNumbers_HasNoUnitsObject()
    {
        Assert.False(new MeasurementReport("x").Add("device", "cpu").ToJson().ContainsKey(MeasurementReport.UnitsKey));
    }

    // The key rules the JSON tests rely on must reject the keys the program wrote before keys lost their units.
    [Theory]
    [InlineData("duration_seconds")]
    [InlineData("first_frame_seconds_cold")]
    [InlineData("peak_rss_mb")]
    [InlineData("peak_rss_mb_10s")]
    [InlineData("pipeline_fps")]
    [InlineData("render_fps_before")]
    [InlineData("mean_error_px")]
    [InlineData("jitter_truth_px")]
    [InlineData("images_per_second")]
    [InlineData("elapsed_seconds")]
    [InlineData("train_step_s_128")]
    [InlineData("train_images_per_s_128")]
    [InlineData("pose_lite_ms")]
    [InlineData("gflops_per_frame")]
    [InlineData("generatorVersion")]
    [InlineData("seconds")]
    [InlineData("fps")]
    public void KeyRules_RejectKeysThatNameAUnitOrAreNotSnakeCase(string key) => Assert.NotNull(JsonKeyRules.ProblemWith(key));

    [Theory]
    [InlineData("duration")]
    [InlineData("first_frame_latency_cold")]
    [InlineData("peak_rss_10s")]
    [InlineData("pipeline_frame_rate")]
    [InlineData("render_frame_rate_bf16_128_b4")]
    [InlineData("raw_mean_error_relative")]
    [InlineData("image_rate")]
    [InlineData("pck_10")]
    [InlineData("per_joint")]
    public void KeyRules_AcceptUnitsFreeSnakeCaseKeys(string key) => Assert.Null(JsonKeyRules.ProblemWith(key));
}
