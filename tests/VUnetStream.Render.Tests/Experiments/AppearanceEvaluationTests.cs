using System.Text.Json.Nodes;
using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Core.Reporting;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Tests.Losses;

namespace VUnetStream.Render.Tests.Experiments;

[Collection(ResNet18Group.Name)]
public sealed class AppearanceEvaluationTests(ResNet18Fixture resnet)
{
    private const int Size = 32;

    [Fact]
    public void Add_OutputsEqualToTheTruths_ScoreNoErrorAndFullRetrieval_AndBeatTheMeanPerson()
    {
        JsonObject json = Report(items => [.. items.Select(i => i.Truth.Clone())], masks: true);
        Assert.Equal(0.0, Value(json, "part_colour_error"));
        Assert.True(Value(json, "mean_person_colour_error") > 5, "the mean person's colours are off");
        Assert.Equal(0.0, Value(json, "colour_error_ratio"));
        Assert.Equal(1.0, Value(json, "retrieval_top1"));
        Assert.Equal(1.0, Value(json, "retrieval_top1_deep"));
        Assert.Equal(1.0 / 3, Value(json, "retrieval_chance"), 12);
        Assert.Equal(1.0, Value(json, "person_ssim"), 9);
        Assert.Equal(0.0, Value(json, "person_l1"));
        Assert.True(Value(json, "mean_person_person_ssim") < 0.95);
        Assert.Equal(1.0, Value(json, "mask_ssim"), 9);
        Assert.True(Value(json, "mean_person_mask_ssim") > Value(json, "mean_person_person_ssim"), "the shared grey counts in mask-SSIM");
        Assert.InRange(Value(json, "person_ssim_blurred_truth"), Value(json, "mean_person_person_ssim"), 0.999);
        Assert.Equal(0.0, Value(json, "resnet18_feature_distance"), 6);
        Assert.True(Value(json, "mean_person_resnet18_feature_distance") > 0.001);
        Assert.True(Value(json, "ssim_baseline_mean_person") < 1);
    }

    [Fact]
    public void Add_OutputsThatAreTheMeanPerson_ScoreTheBaselinesOwnError()
    {
        JsonObject json = Report(items => [.. Enumerable.Range(0, items.Count).Select(_ => MeanPerson.Of([.. items.Select(i => i.Truth)]))], masks: true);
        Assert.Equal(1.0, Value(json, "colour_error_ratio"), 12);
        Assert.Equal(Value(json, "mean_person_person_ssim"), Value(json, "person_ssim"), 12);
        Assert.Equal(Value(json, "mean_person_mask_ssim"), Value(json, "mask_ssim"), 12);
        Assert.Equal(Value(json, "mean_person_resnet18_feature_distance"), Value(json, "resnet18_feature_distance"), 6);
    }

    [Fact]
    public void Add_WithoutMasks_LeavesThePersonRegionKeysOut()
    {
        JsonObject json = Report(items => [.. items.Select(i => i.Truth.Clone())], masks: false);
        Assert.False(json.ContainsKey("t_person_ssim"));
        Assert.False(json.ContainsKey("t_person_l1"));
        Assert.False(json.ContainsKey("t_mean_person_person_ssim"));
        Assert.False(json.ContainsKey("t_mask_ssim"));
        Assert.Equal(0.0, Value(json, "part_colour_error"));
    }

    [Fact]
    public void Add_NoItems_ReportsNaNRatherThanNumbers()
    {
        var report = new MeasurementReport("t");
        using var deep = new FeatureDistance(resnet.Features);
        AppearanceEvaluation.Add(report, "t", [], deep, "none");
        JsonObject json = report.ToJson();
        Assert.True(json.ContainsKey("t_part_colour_error"));
        Assert.Null(json["t_part_colour_error"]);
        Assert.Null(json["t_retrieval_top1"]);
    }

    private sealed record Subject(Mat Truth, PersonPose Pose, Mat Mask, string Person);

    // Three people in two poses each, scored with outputs made from the truths by makeOutputs.
    private JsonObject Report(Func<IReadOnlyList<Subject>, Mat[]> makeOutputs, bool masks)
    {
        var random = new Random(11);
        var truths = new List<Subject>();
        foreach (string person in new[] { "ann", "bob", "cat" })
        {
            TinyPeople.Look look = TinyPeople.RandomLook(random);
            for (int k = 0; k < 2; k++)
            {
                PersonPose pose = TinyPeople.RandomPose(random, Size);
                truths.Add(new Subject(TinyPeople.Render(pose, look, Size), pose, TinyPeople.RenderMask(pose, Size), person));
            }
        }

        Mat[] outputs = makeOutputs(truths);
        ScoredImage[] items = [.. truths.Select((t, i) => new ScoredImage(t.Truth, outputs[i], t.Pose, masks ? t.Mask : null, t.Person))];
        try
        {
            var report = new MeasurementReport("t");
            using var deep = new FeatureDistance(resnet.Features);
            AppearanceEvaluation.Add(report, "t", items, deep, "test");
            return report.ToJson();
        }
        finally
        {
            foreach (ScoredImage item in items)
            {
                item.Dispose();
            }

            if (!masks)
            {
                truths.ForEach(t => t.Mask.Dispose());
            }
        }
    }

    private static double Value(JsonObject json, string key) =>
        json["t_" + key] is JsonNode node ? (double)node : throw new Xunit.Sdk.XunitException($"t_{key} is missing or NaN");
}
