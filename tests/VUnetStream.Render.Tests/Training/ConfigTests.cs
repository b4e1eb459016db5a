using System.Buffers.Binary;
using System.Text;
using VUnetStream.Render.Model;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Training;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Tests.Training;

public sealed class ConfigTests
{
    [Fact]
    public void Load_ModelPresetAndPartialTraining_FillsThePaperDefaults()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("c.json");
        File.WriteAllText(path, """{"model": "reference-128", "training": {"steps": 500, "loss_network": "vgg19", "loss_weights": "w/vgg19.pth"}}""");
        TrainingConfig config = TrainingConfig.Load(path);
        Assert.Equal(VUnetConfig.Reference(128), config.Model);
        Assert.Equal(500, config.Training.Steps);
        Assert.Equal(1e-3, config.Training.Lr);
        Assert.Equal(0.5, config.Training.AdamBeta1);
        Assert.Equal(0.9, config.Training.AdamBeta2);
        Assert.Equal(Path.Combine(temp.Path, "w", "vgg19.pth"), config.Training.LossWeights);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_FailsNamingIt()
    {
        var ex = Assert.Throws<InvalidDataException>(() => TrainingConfig.Parse("""{"model": "tiny", "optimizer": {}}""", "c.json"));
        Assert.Contains("'optimizer'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidModel_FailsNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidDataException>(() => TrainingConfig.Parse("""{"model": {"image_size": 100}}""", "c.json"));
        Assert.Contains("image_size", ex.Message, StringComparison.Ordinal);
        Assert.Contains("c.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnUnknownTrainingPrecision_FailsListingTheChoices()
    {
        var ex = Assert.Throws<InvalidDataException>(() => TrainingConfig.Parse("""{"model": "tiny", "training": {"precision": "fp16"}}""", "c.json"));
        Assert.Contains("precision", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bfloat16", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'fp16'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_RoundTripsThroughJson()
    {
        TrainingConfig config = TinyTraining.Config(steps: 9);
        Assert.Equal(config, TrainingConfig.Parse(config.ToJsonString()));
    }

    [Fact]
    public void SafetensorsHeader_WithAGapBetweenTensors_IsRejected()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("gap.safetensors");
        byte[] header = Encoding.UTF8.GetBytes(
            """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""");
        var bytes = new byte[8 + header.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(path));
        Assert.Contains("'b'", ex.Message, StringComparison.Ordinal);
    }
}
