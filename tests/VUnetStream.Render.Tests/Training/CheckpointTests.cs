using System.Text.Json.Nodes;
using VUnetStream.Render.Data;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Tests.Data;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Render.Tests.Training;

public sealed class CheckpointTests
{
    [Fact]
    public void Checkpoint_RoundTrip_SafetensorsListsEveryTensorAndReloadsToTheSameOutputs()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 31);
        TinyTraining.Run(data, temp.Combine("out"), TinyTraining.Config(steps: 2));
        Checkpoint checkpoint = Checkpoint.Resolve(temp.Combine("out"));
        Assert.Equal(2, checkpoint.Step);
        Assert.Equal(TinyTraining.Model, checkpoint.Config.Model);

        using var runner = new VUnetRunner(ModelLoader.Load(checkpoint), ownsModel: true);
        IReadOnlyDictionary<string, SafetensorsEntry> header = SafetensorsHeader.Read(checkpoint.WeightsPath);
        Dictionary<string, Tensor> state = runner.Model.state_dict();
        Assert.Equal(state.Keys.Order(), header.Keys.Order());
        foreach ((string name, Tensor tensor) in state)
        {
            Assert.Equal(tensor.shape, header[name].Shape);
            Assert.Equal("F32", header[name].Dtype);
        }

        // The raw bytes of one tensor in the file are the model's values (what safetensors.torch.load_file reads).
        (string firstName, Tensor first) = state.First();
        using (FileStream stream = File.OpenRead(checkpoint.WeightsPath))
        {
            var lengthBytes = new byte[8];
            stream.ReadExactly(lengthBytes);
            long dataStart = 8 + BitConverter.ToInt64(lengthBytes);
            stream.Position = dataStart + header[firstName].Begin;
            var bytes = new byte[header[firstName].End - header[firstName].Begin];
            stream.ReadExactly(bytes);
            float[] fromFile = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, fromFile, 0, bytes.Length);
            Assert.Equal(first.contiguous().data<float>().ToArray(), fromFile);
        }

        // Reloading the same checkpoint gives a model with identical outputs.
        PoseDataset test = PoseDataset.Open(data, DatasetSplit.Test);
        using ModelInputs inputs = runner.Load(test.Samples);
        using var again = new VUnetRunner(ModelLoader.Load(checkpoint), ownsModel: true);
        using Tensor a = runner.Model.Reconstruct(inputs.Stickmen, inputs.Crops);
        using Tensor b = again.Model.Reconstruct(inputs.Stickmen, inputs.Crops);
        Assert.Equal(0.0, (a - b).abs().max().item<float>());
        Assert.True(File.Exists(checkpoint.OptimizerPath));
        Assert.Equal(2, (long)JsonNode.Parse(File.ReadAllText(checkpoint.SidecarPath))!["step"]!);
    }

    [Fact]
    public void Weights_IntoAModelWithOtherWidths_FailNamingTheTensorAndBothShapes()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("model.safetensors");
        manual_seed(1);
        using (var small = new VUnet(TinyTraining.Model))
        {
            TorchSharp.PyBridge.PyBridgeModuleExtensions.save_safetensors(small, path);
        }

        using var wider = new VUnet(TinyTraining.Model with { BaseFilters = 4 });
        var ex = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(wider, path, "wider test model"));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Matches(@"tensor '[\w.]+' has shape \[\d+(, \d+)*\] but the model \(wider test model\) expects \[\d+(, \d+)*\]", ex.Message);
    }

    [Fact]
    public void Weights_FromAnotherArchitecture_FailNamingTheMissingTensor()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("model.safetensors");
        manual_seed(1);
        using (var threeScales = new VUnet(TinyTraining.Model with { LatentScales = 1 }))
        {
            TorchSharp.PyBridge.PyBridgeModuleExtensions.save_safetensors(threeScales, path);
        }

        using var model = new VUnet(TinyTraining.Model);
        var ex = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(model, path, "tiny"));
        Assert.Contains("has no tensor '", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedWeightsFile_IsReportedAsTruncated()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("model.safetensors");
        manual_seed(1);
        using (var model = new VUnet(TinyTraining.Model))
        {
            TorchSharp.PyBridge.PyBridgeModuleExtensions.save_safetensors(model, path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var ex = Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_WithNaNParameter_Refuses_AndLatestStillPointsToThePreviousCheckpoint()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 32);
        TinyTraining.Run(data, temp.Combine("out"), TinyTraining.Config(steps: 1));
        Checkpoint good = CheckpointStore.Latest(temp.Combine("out"))!;
        using var runner = new VUnetRunner(ModelLoader.Load(good), ownsModel: true);
        using (no_grad())
        {
            runner.Model.parameters().Last().fill_(double.PositiveInfinity);
        }

        using var optimizer = optim.Adam(runner.Model.parameters());
        var store = new CheckpointStore(temp.Combine("out"), keep: 3);
        var ex = Assert.Throws<NonFiniteModelException>(() => store.Save(good with { Step = 5 }, runner.Model, optimizer));
        Assert.Contains("step 5", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, CheckpointStore.Latest(temp.Combine("out"))!.Step);
        Assert.False(Directory.Exists(temp.Combine("out", "checkpoints", "step-00000005")));
    }

    [Fact]
    public void Store_KeepsOnlyTheNewestCheckpoints()
    {
        using var temp = new TempFolder();
        string data = TinyPeople.WriteDataset(temp.Combine("data"), 8, 2, 32, seed: 33);
        TrainingConfig config = TinyTraining.Config(steps: 5, checkpointInterval: 1) is var c
            ? c with { Training = c.Training with { KeepCheckpoints = 2 } }
            : throw new InvalidOperationException();
        TinyTraining.Run(data, temp.Combine("out"), config);
        string[] kept = Directory.GetDirectories(temp.Combine("out", "checkpoints")).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["step-00000004", "step-00000005"], kept);
    }

    [Fact]
    public void Resolve_AFileThatIsNotACheckpoint_FailsWithWhatItExpects()
    {
        using var temp = new TempFolder();
        string file = temp.Combine("weights.bin");
        File.WriteAllText(file, "x");
        var ex = Assert.Throws<InvalidDataException>(() => Checkpoint.Resolve(file));
        Assert.Contains("model.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Resolve(temp.Combine("missing")));
    }
}
