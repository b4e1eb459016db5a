using VUnetStream.Render.Inference;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Inference;

public sealed class RenderPrecisionTests
{
    [Theory]
    [InlineData("auto", RenderPrecision.Auto)]
    [InlineData("FP32", RenderPrecision.Float32)]
    [InlineData("float32", RenderPrecision.Float32)]
    [InlineData("bf16", RenderPrecision.BFloat16)]
    [InlineData(" bfloat16 ", RenderPrecision.BFloat16)]
    public void Parse_KnownNames_GiveTheirPrecision(string text, RenderPrecision expected) =>
        Assert.Equal(expected, RenderPrecisions.Parse(text));

    [Fact]
    public void Parse_AnUnknownName_NamesTheOptionAndTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => RenderPrecisions.Parse("fp16"));
        Assert.Contains("--precision", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fp16'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Auto_IsBFloat16ExactlyWhenThisCpuHasNativeBFloat16_AndTheProbeFindsItFaster()
    {
        bool pays = CpuFeatures.HasNativeBFloat16 && BFloat16Probe.SpeedRatio >= BFloat16Probe.RequiredSpeedup;
        Assert.Equal(pays, BFloat16Probe.Pays);
        Assert.Equal(pays ? ScalarType.BFloat16 : ScalarType.Float32, RenderPrecision.Auto.Resolve(CPU));
    }

    [Fact]
    public void Probe_GivesAFinitePositiveSpeedRatio_AndTheSameOneEachTimeInAProcess()
    {
        double ratio = BFloat16Probe.SpeedRatio;
        Assert.True(double.IsFinite(ratio) && ratio > 0, $"ratio {ratio}");
        Assert.Equal(ratio, BFloat16Probe.SpeedRatio);
    }

    [Fact]
    public void Resolve_AnExplicitChoice_IsKeptWhateverTheCpu()
    {
        Assert.Equal(ScalarType.Float32, RenderPrecision.Float32.Resolve(CPU));
        Assert.Equal(ScalarType.BFloat16, RenderPrecision.BFloat16.Resolve(CPU));
    }

    [Fact]
    public void CpuFeatures_Summary_ListsOnlyFlagsTheCpuReports()
    {
        foreach (string flag in CpuFeatures.Summary.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(CpuFeatures.HasFlag(flag), flag);
        }

        Assert.False(CpuFeatures.HasFlag("no_such_flag"));
    }
}
