using System.Text.Json.Nodes;
using VUnetStream.Core.Reporting;

namespace VUnetStream.Core.Tests;

public sealed class MeasurementReportTests
{
    [Fact]
    public void Report_WritesEveryRowToTheTableAndTheJson()
    {
        MeasurementReport report = new MeasurementReport("bench")
            .Add("render_fps", 12.5, "frames/s", "render only")
            .Add("device", "cpu");
        string table = report.ToTable();
        JsonObject json = report.ToJson();

        Assert.Contains("render_fps", table, StringComparison.Ordinal);
        Assert.Contains("12.5", table, StringComparison.Ordinal);
        Assert.Equal(12.5, json["render_fps"]!.GetValue<double>());
        Assert.Equal("cpu", json["device"]!.GetValue<string>());
    }

    [Fact]
    public void Report_NonFiniteNumbers_BecomeJsonNull()
    {
        JsonObject json = new MeasurementReport("x").Add("ratio", double.NaN).ToJson();
        Assert.Null(json["ratio"]);
        Assert.True(json.ContainsKey("ratio"));
    }
}
