using System.Text.Json.Nodes;
using VUnetStream.Render.Config;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Training;

namespace VUnetStream.Render.Tests.Config;

/// <summary>Typos in a config's model section are named instead of silently training with defaults (issue 10).</summary>
public sealed class ModelSectionKeysTests
{
    [Theory]
    [InlineData("dropuot", "dropout")]
    [InlineData("box_factr", "box_factor")]
    [InlineData("base_filtres", "base_filters")]
    public void ThrowIfUnknown_ATypoInTheModelSection_FailsNamingTheKeyTheFileAndTheKeyMeant(string typo, string meant)
    {
        using var temp = new TempFolder();
        string path = temp.Combine("typo.json");
        File.WriteAllText(path, $$$"""{"description": "a run", "model": {"image_size": 32, "base_filters": 8, "max_filters": 16, "{{{typo}}}": 1}, "training": {}}""");

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ModelSectionKeys.ThrowIfUnknown(path));

        Assert.Contains($"unknown key '{typo}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"did you mean '{meant}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_HoldsEveryKeyOfTheDefaultModelsCheckpointAndOutputAlpha()
    {
        string sidecar = RepositoryFiles.Combine("models", "default", "checkpoint.json");
        JsonObject model = JsonNode.Parse(File.ReadAllText(sidecar))!["config"]!["model"]!.AsObject();

        Assert.All(model.Select(p => p.Key), key => Assert.Contains(key, ModelSectionKeys.Known));
        Assert.Contains("output_alpha", ModelSectionKeys.Known);
        ModelSectionKeys.ThrowIfUnknown(model, sidecar);
    }

    [Fact]
    public void ThrowIfUnknown_EveryShippedConfig_PassesAndLoads()
    {
        foreach (string config in Directory.GetFiles(RepositoryFiles.Combine("configs"), "*.json"))
        {
            ModelSectionKeys.ThrowIfUnknown(config);
            TrainingConfig.Load(config);
        }
    }
}
