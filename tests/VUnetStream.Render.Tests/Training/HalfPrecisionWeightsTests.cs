using VUnetStream.Render.Model;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Tests.Training;

public sealed class HalfPrecisionWeightsTests
{
    [Theory]
    [InlineData(ScalarType.Float16, "F16", 1e-3)]
    [InlineData(ScalarType.BFloat16, "BF16", 8e-3)]
    public void Save_HalfPrecision_HalvesTheFile_AndLoadsBackIntoFloat32WithinItsPrecision(ScalarType dtype, string stored, double relativeTolerance)
    {
        using var temp = new TempFolder();
        using var source = new VUnet(TinyTraining.Model);
        string full = temp.Combine("full.safetensors");
        string half = temp.Combine("half.safetensors");
        ModelWeights.Save(source, full, ScalarType.Float32);
        ModelWeights.Save(source, half, dtype);

        Assert.All(SafetensorsHeader.Read(half).Values, e => Assert.Equal(stored, e.Dtype));
        Assert.InRange(new FileInfo(half).Length, new FileInfo(full).Length * 0.45, new FileInfo(full).Length * 0.55);

        using var loaded = new VUnet(TinyTraining.Model);
        ModelWeights.Load(loaded, half, "tiny");
        Dictionary<string, Tensor> expected = source.state_dict();
        foreach ((string name, Tensor value) in loaded.state_dict())
        {
            Assert.Equal(ScalarType.Float32, value.dtype);
            double scale = Math.Max(expected[name].abs().max().item<float>(), 1e-6);
            double worst = value.sub(expected[name]).abs().max().item<float>();
            Assert.True(worst <= relativeTolerance * scale, $"{name}: off by {worst} (largest value {scale})");
        }
    }
}
