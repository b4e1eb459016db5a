using TorchSharp.PyBridge;
using VUnetStream.Render.Losses;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Losses;

/// <summary>
/// One random-weight VGG19 saved once as a torchvision-style .pth (with the extra keys a real file has)
/// and as .safetensors: pickling 56 MB takes seconds, so the tests share the files.
/// </summary>
public sealed class Vgg19Files : IDisposable
{
    public Vgg19Files()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("vgg19-files-").FullName;
        manual_seed(1);
        Source = new Vgg19Features(InputNormalization.Torchvision());
        PthPath = Path.Combine(Directory, "vgg19.pth");
        SafetensorsPath = Path.Combine(Directory, "vgg19.safetensors");

        // A torchvision vgg19 file also holds relu5_3 onward and the classifier; the loader must ignore them.
        var stateDict = Source.state_dict();
        stateDict["features.32.weight"] = zeros(512, 512, 3, 3);
        stateDict["features.32.bias"] = zeros(512);
        stateDict["classifier.6.bias"] = zeros(1000);
        PyTorchPickler.PickleStateDict(PthPath, stateDict);
        Source.save_safetensors(SafetensorsPath);
    }

    public string Directory { get; }

    internal Vgg19Features Source { get; }

    public string PthPath { get; }

    public string SafetensorsPath { get; }

    public void Dispose()
    {
        Source.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

public sealed class Vgg19Tests(Vgg19Files files) : IClassFixture<Vgg19Files>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vgg19-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void PyTorchStateDict_RoundTrip_GivesIdenticalFeatures()
    {
        using var loaded = new Vgg19Features(InputNormalization.Torchvision());

        Vgg19Weights.Load(loaded, files.PthPath);

        AssertSameFeatures(files.Source, loaded);
    }

    [Fact]
    public void SafetensorsStateDict_RoundTrip_GivesIdenticalFeatures()
    {
        using var loaded = new Vgg19Features(InputNormalization.Torchvision());

        Vgg19Weights.Load(loaded, files.SafetensorsPath);

        AssertSameFeatures(files.Source, loaded);
    }

    [Fact]
    public void StateDictKeys_AreTorchvisionNames()
    {
        var keys = files.Source.state_dict().Keys.ToList();

        int[] convIndices = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30];
        Assert.Equal(convIndices.SelectMany(i => new[] { $"features.{i}.weight", $"features.{i}.bias" }), keys);
        Assert.Equal([512L, 512, 3, 3], files.Source.ExpectedWeights.Single(w => w.Key == "features.30.weight").Shape);
    }

    [Fact]
    public void Forward_ReturnsThePaperLayers_AtHalvingResolutions()
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> features;
        using (no_grad())
        {
            features = files.Source.forward(TestImages.Smooth(2, 32, 32, seed: 4));
        }

        Assert.Equal(["relu1_2", "relu2_2", "relu3_2", "relu4_2", "relu5_2"], files.Source.LayerNames);
        long[][] expected = [[2, 64, 32, 32], [2, 128, 16, 16], [2, 256, 8, 8], [2, 512, 4, 4], [2, 512, 2, 2]];
        Assert.Equal(expected, features.Select(f => f.shape));
        Assert.All(features, f => Assert.True(f.min().item<float>() >= 0, "taps are ReLU outputs"));
    }

    [Fact]
    public void Loss_WithVggWeightsFile_IsZeroForIdenticalAndPositiveOtherwise_AndHasGradient()
    {
        using var loss = PerceptualLoss.Create("vgg19", files.PthPath);
        using var scope = NewDisposeScope();
        var x = TestImages.Smooth(2, 32, 32, seed: 6);
        var xHat = TestImages.Smooth(2, 32, 32, seed: 7).requires_grad_();

        float same = loss.forward(x, x.clone()).item<float>();
        var value = loss.forward(x, xHat);
        value.backward();

        Assert.Equal(0f, same);
        Assert.True(value.item<float>() > 0);
        Assert.True(xHat.grad!.abs().sum().item<float>() > 0);
        Assert.Equal(["pixel", "relu1_2", "relu2_2", "relu3_2", "relu4_2", "relu5_2"], loss.TermNames);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        using var network = new Vgg19Features(InputNormalization.Torchvision());
        string path = Path.Combine(_directory, "absent.pth");

        var error = Assert.Throws<FileNotFoundException>(() => Vgg19Weights.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingKey_ThrowsNamingTheKey()
    {
        // Only the first convolution: the next expected key is missing.
        var stateDict = new Dictionary<string, Tensor> { ["features.0.weight"] = zeros(64, 3, 3, 3), ["features.0.bias"] = zeros(64) };
        string path = Path.Combine(_directory, "partial.pth");
        PyTorchPickler.PickleStateDict(path, stateDict);
        using var network = new Vgg19Features(InputNormalization.Torchvision());

        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Load(network, path));

        Assert.Contains("missing key 'features.2.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongShape_ThrowsNamingTheKeyAndBothShapes_AndLeavesTheNetworkUnchanged()
    {
        // features.0 fits; features.2 does not. Nothing may be copied, not even features.0.
        var stateDict = new Dictionary<string, Tensor>
        {
            ["features.0.weight"] = ones(64, 3, 3, 3),
            ["features.0.bias"] = ones(64),
            ["features.2.weight"] = zeros(64, 32, 3, 3),
            ["features.2.bias"] = zeros(64),
        };
        string path = Path.Combine(_directory, "wrong.pth");
        PyTorchPickler.PickleStateDict(path, stateDict);
        using var network = new Vgg19Features(InputNormalization.Torchvision());
        using var before = network.state_dict()["features.0.weight"].clone();

        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Load(network, path));

        Assert.Contains("'features.2.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 32, 3, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 64, 3, 3]", error.Message, StringComparison.Ordinal);
        Assert.Equal(0f, (before - network.state_dict()["features.0.weight"]).abs().max().item<float>());
    }

    [Fact]
    public void Load_LegacyTorchSaveFormat_ThrowsWithConversionRecipe()
    {
        string path = Path.Combine(_directory, "legacy.pth");
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc]);
        using var network = new Vgg19Features(InputNormalization.Torchvision());

        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Load(network, path));

        Assert.Contains("legacy", error.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save(torch.load(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NeitherZipNorSafetensors_ThrowsInvalidData()
    {
        string path = Path.Combine(_directory, "text.pth");
        File.WriteAllText(path, "not weights");
        using var network = new Vgg19Features(InputNormalization.Torchvision());

        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptSafetensors_ThrowsInvalidDataNamingTheFile()
    {
        string path = Path.Combine(_directory, "broken.safetensors");
        File.WriteAllBytes(path, [0x10, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x']);
        using var network = new Vgg19Features(InputNormalization.Torchvision());

        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedPth_ThrowsInvalidDataNamingTheFile()
    {
        string path = Path.Combine(_directory, "truncated.pth");
        byte[] whole = File.ReadAllBytes(files.PthPath);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        using var network = new Vgg19Features(InputNormalization.Torchvision());

        var error = Assert.Throws<InvalidDataException>(() => Vgg19Weights.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TorchvisionNormalization_MapsModelRangeToImageNetStatistics()
    {
        using var normalize = InputNormalization.Torchvision();
        using var scope = NewDisposeScope();
        var black = normalize.forward(full(1, 3, 1, 1, -1f)).flatten().data<float>().ToArray();
        var white = normalize.forward(full(1, 3, 1, 1, 1f)).flatten().data<float>().ToArray();

        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] std = [0.229f, 0.224f, 0.225f];
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(-mean[c] / std[c], black[c], 4);
            Assert.Equal((1 - mean[c]) / std[c], white[c], 4);
        }
    }

    [Fact]
    public void CaffeNormalization_GivesBgr0To255MinusTheVggMean()
    {
        using var normalize = InputNormalization.Caffe(103.939f, 116.779f, 123.68f);
        using var scope = NewDisposeScope();

        // RGB (1, 0, −1) = (255, 127.5, 0) in 0..255.
        var output = normalize.forward(tensor(new float[] { 1f, 0f, -1f }).reshape(1, 3, 1, 1)).flatten().data<float>().ToArray();

        Assert.Equal(0f - 103.939f, output[0], 3);
        Assert.Equal(127.5f - 116.779f, output[1], 3);
        Assert.Equal(255f - 123.68f, output[2], 3);
    }

    private static void AssertSameFeatures(Vgg19Features expected, Vgg19Features actual)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var image = TestImages.Smooth(1, 32, 32, seed: 99);
        var a = expected.forward(image);
        var b = actual.forward(image);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(0f, (a[i] - b[i]).abs().max().item<float>());
            Assert.True(a[i].abs().sum().item<float>() > 0, $"feature {i} is all zero: the comparison would prove nothing");
        }
    }
}
