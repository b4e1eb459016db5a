using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Pose.Evaluation;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Pose.Tests;

public sealed class AccuracyTests
{
    [Fact]
    public void Pck_CountsJointsWithinTenthOfPersonHeightAndMissingAsWrong()
    {
        PersonPose reference = TestPoses.Standing(); // height: 170 - 6 = 164 px, threshold 16.4 px
        PersonPose predicted = reference
            .With(Coco18.RWrist, reference[Coco18.RWrist] with { X = reference[Coco18.RWrist].X + 16f })
            .With(Coco18.LWrist, reference[Coco18.LWrist] with { X = reference[Coco18.LWrist].X + 17f })
            .With(Coco18.Nose, Keypoint.Missing);
        var accuracy = new KeypointAccuracy();

        accuracy.Add(reference, predicted);

        Assert.Equal(16.0 / 18.0, accuracy.Pck, 6);
        Assert.Equal(1.0, accuracy.PckOf((int)Coco18.RWrist));
        Assert.Equal(0.0, accuracy.PckOf((int)Coco18.LWrist));
        Assert.Equal(33.0 / 17.0, accuracy.MeanErrorPx, 4);
        Assert.Equal(17.0 / 18.0, accuracy.DetectedRate, 6);
    }

    [Fact]
    public void Report_HasSummaryRowsAndPerJointDetail()
    {
        var accuracy = new KeypointAccuracy();
        accuracy.Add(TestPoses.Standing(), TestPoses.Standing(cx: 102));
        var report = new MeasurementReport("eval");

        accuracy.Report(report);

        Assert.Equal(1.0, (double)report.Rows.Single(r => r.Key == "pck_10").Value);
        Assert.NotNull(report.ToJson()["per_joint"]?["lankle"]?["mean_error"]);
    }

    [Fact]
    public void Report_Json_KeysCarryNoUnits_AndTheUnitsObjectGivesThem()
    {
        var accuracy = new KeypointAccuracy();
        accuracy.Add(TestPoses.Standing(), TestPoses.Standing(cx: 102));
        var report = new MeasurementReport("eval");

        accuracy.Report(report, "raw_");
        System.Text.Json.Nodes.JsonObject json = report.ToJson();

        JsonKeyRules.AssertUnitsFreeKeys(json);
        JsonKeyRules.AssertNumbersHaveUnits(json);
        Assert.Equal(2.0, (double)json["raw_mean_error"]!, 6);
        Assert.Equal("px", (string?)json[MeasurementReport.UnitsKey]!["raw_mean_error"]);
        Assert.Equal("heights", (string?)json[MeasurementReport.UnitsKey]!["raw_mean_error_relative"]);
        Assert.Equal("px", (string?)json[MeasurementReport.UnitsKey]!["raw_per_joint"]!["mean_error"]);
    }
}
