using VUnetStream.Core.Reporting;
using VUnetStream.Render.Model;
using VUnetStream.Tests.Shared;

namespace VUnetStream.Render.Tests.Model;

public sealed class ModelBenchmarkTests
{
    [Fact]
    public void Run_SmallModel_ReportsTheKeysTheBenchCommandPromises()
    {
        using var model = new VUnet(new VUnetConfig { ImageSize = 32, BaseFilters = 4, MaxFilters = 8 });
        ModelBenchmark.InitializeForBenchmark(model);
        var report = new MeasurementReport("test");
        var settings = new ModelBenchmarkSettings { RenderBatches = [1, 2], SecondsPerMeasurement = 0.01, TrainBatch = 2, TrainSteps = 1, BFloat16 = BFloat16Mode.Off };
        using var before = model.EncodeAppearance(TorchSharp.torch.zeros(1, 24, 8, 8));

        ModelBenchmark.Run(model, settings, report, "_32");

        var values = report.Rows.ToDictionary(r => r.Key, r => r.Value);
        Assert.Equal((double)model.ParameterCount, values["parameters_32"]);
        Assert.Equal(2.0 * ModelCost.RenderMacsPerFrame(model) / 1e9, (double)values["render_cost_32"], 9);
        Assert.True((double)values["render_frame_rate_32_b1"] > 0);
        Assert.True((double)values["render_frame_rate_32"] >= (double)values["render_frame_rate_32_b2"]);
        Assert.True((double)values["train_step_time_32"] > 0);
        Assert.True((double)values["peak_rss_render_32"] > 0);
        Assert.True((double)values["peak_rss_train_32"] > 0);
        System.Text.Json.Nodes.JsonObject json = report.ToJson();
        JsonKeyRules.AssertUnitsFreeKeys(json);
        JsonKeyRules.AssertNumbersHaveUnits(json);
        Assert.Equal("s", (string?)json["units"]!["train_step_time_32"]);
        Assert.Equal("MiB", (string?)json["units"]!["peak_rss_render_32"]);
        // Timing a training step must leave the weights as they were.
        using var after = model.EncodeAppearance(TorchSharp.torch.zeros(1, 24, 8, 8));
        Assert.True(before.Scales[0].equal(after.Scales[0]).all().item<bool>());
    }

    [Fact]
    public void Run_AnAlphaModel_WithTheBFloat16TrainingStep_TimesBothSteps()
    {
        // The default model has a 4th (alpha) output channel; the timed step's pixel term is on RGB.
        using var model = new VUnet(new VUnetConfig { ImageSize = 32, BaseFilters = 4, MaxFilters = 8, OutputAlpha = true });
        ModelBenchmark.InitializeForBenchmark(model);
        model.eval();
        model.FoldWeightNormForInference();
        var report = new MeasurementReport("test");
        var settings = new ModelBenchmarkSettings { RenderBatches = [1], SecondsPerMeasurement = 0.01, TrainBatch = 2, TrainSteps = 1, BFloat16 = BFloat16Mode.All };

        ModelBenchmark.Run(model, settings, report, "_32");

        // The bf16 renders after the training step still ran on folded weights.
        Assert.All(model.Convolutions, c => Assert.True(c.IsFolded));

        var values = report.Rows.ToDictionary(r => r.Key, r => r.Value);
        Assert.True((double)values["train_step_time_32"] > 0);
        Assert.True((double)values["train_step_time_bf16_32"] > 0);
        Assert.Equal((double)values["train_step_time_32"] / (double)values["train_step_time_bf16_32"], (double)values["train_bf16_speedup_32"], 9);
    }
}
