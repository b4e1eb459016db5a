using VUnetStream.Render.Training;

namespace VUnetStream.Render.Tests.Training;

public sealed class SchedulesTests
{
    [Theory]
    [InlineData(0, 1e-6)]
    [InlineData(499, 1e-6)]
    [InlineData(500, 1e-6)]
    [InlineData(625, 0.5000005)]
    [InlineData(750, 1.0)]
    [InlineData(999, 1.0)]
    public void KlWeight_PaperSchedule_IsTinyUntilHalfThenLinearToOneAtThreeQuarters(long step, double expected)
    {
        Assert.Equal(expected, KlWeightSchedule.Paper.At(step, 1000), 12);
    }

    [Fact]
    public void KlWeight_ScheduleIsRelativeToTotalSteps()
    {
        Assert.Equal(KlWeightSchedule.Paper.At(60, 100), KlWeightSchedule.Paper.At(60_000, 100_000), 12);
    }

    [Theory]
    [InlineData(0, 1e-3)]
    [InlineData(999, 1e-3)]
    [InlineData(1000, 1e-3)]
    [InlineData(50_500, 0.5e-3)]
    [InlineData(100_000, 0.0)]
    public void LearningRate_PaperSchedule_ConstantFor1kThenLinearToZero(long step, double expected)
    {
        var schedule = new LearningRateSchedule(1e-3, 1000);
        Assert.Equal(expected, schedule.At(step, 100_000), 12);
    }

    [Fact]
    public void LearningRate_ConstantPartLongerThanRun_StaysConstant()
    {
        var schedule = new LearningRateSchedule(2e-3, 1000);
        Assert.Equal(2e-3, schedule.At(99, 100), 12);
    }

    [Fact]
    public void LearningRate_DecaysMonotonically()
    {
        var schedule = new LearningRateSchedule(1e-3, 10);
        double[] rates = Enumerable.Range(0, 100).Select(s => schedule.At(s, 100)).ToArray();
        Assert.All(rates.Zip(rates.Skip(1)), p => Assert.True(p.Second <= p.First));
        Assert.True(rates[^1] > 0, "the last step still learns");
    }

    [Fact]
    public void TrainingOptions_InvalidRamp_FailsNamingTheKeys()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"kl_ramp_start": 0.8, "kl_ramp_end": 0.5}""")!.AsObject();
        var ex = Assert.Throws<InvalidDataException>(() => TrainingOptions.FromJson(json, "cfg.json"));
        Assert.Contains("cfg.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("kl_ramp_start", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingOptions_UnknownKey_FailsNamingIt()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"batchsize": 4}""")!.AsObject();
        var ex = Assert.Throws<InvalidDataException>(() => TrainingOptions.FromJson(json, "cfg.json"));
        Assert.Contains("batchsize", ex.Message, StringComparison.Ordinal);
    }
}
