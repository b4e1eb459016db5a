using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using VUnetStream.Render.Losses;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Losses;

[Collection(ResNet18Group.Name)]
public sealed class ResNet18OnnxTests(ResNet18Fixture resnet)
{
    // Graph tensors of ResNet18.onnx 0.23.1 that correspond to the returned feature maps: the stem ReLU
    // (before max-pooling) and the last ReLU of layer1…layer4.
    private static readonly string[] s_onnxTaps =
        ["ReLU253_Output_0", "ReLU283_Output_0", "ReLU315_Output_0", "ReLU347_Output_0", "ReLU393_Output_0"];

    private static string PreprocessPath => Path.Combine(AppContext.BaseDirectory, "FeatureNetworks", "ResNetPreprocess.onnx");

    [Fact]
    public void TorchSharpRebuild_MatchesOnnxRuntime_OnEveryFeatureLayer()
    {
        var model = ResNet18Onnx.ReadModel(ResNet18Onnx.DefaultPath);
        string inputName = model.Graph.Input[0].Name;
        foreach (string tap in s_onnxTaps)
        {
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = tap,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        using var scope = NewDisposeScope();
        var image = TestImages.Smooth(1, 224, 224, seed: 20);
        using var normalize = InputNormalization.Caffe(ResNet18Features.MeanB, ResNet18Features.MeanG, ResNet18Features.MeanR);
        float[] preprocessed = normalize.forward(image).contiguous().data<float>().ToArray();

        IReadOnlyList<Tensor> ours;
        using (no_grad())
        {
            ours = resnet.Features.forward(image);
        }

        using var session = new InferenceSession(model.ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(preprocessed, [1, 3, 224, 224]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [inputName], [input], s_onnxTaps);

        for (int i = 0; i < s_onnxTaps.Length; i++)
        {
            long[] shape = outputs[i].GetTensorTypeAndShape().Shape;
            float[] expected = outputs[i].GetTensorDataAsSpan<float>().ToArray();
            Assert.Equal(shape, ours[i].shape);
            float[] actual = ours[i].contiguous().data<float>().ToArray();
            float peak = expected.Max(Math.Abs);
            float worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(peak > 0.1f, $"{s_onnxTaps[i]} is all but zero: the comparison would prove nothing");
            Assert.True(worst <= 1e-4f * Math.Max(1f, peak), $"{resnet.Features.LayerNames[i]}: max |diff| {worst} (peak {peak})");
        }
    }

    [Fact]
    public void Preprocessing_MatchesThePackagePreprocessGraph_UpToItsMeanImage()
    {
        // ResNetPreprocess.onnx: RGB 0..255 → BGR → minus a 224×224 mean image. Ours subtracts that
        // image's channel means instead (so any size works). So ours − theirs must equal
        // meanImage − channelMean at every pixel, and the channel means must be the file's.
        var graph = ResNet18Onnx.ReadModel(PreprocessPath).Graph;
        var meanProto = graph.Initializer.Single(t => t.Name == "MeanImage");
        float[] meanImage = [.. meanProto.FloatData];
        const int Plane = 224 * 224;
        float[] channelMeans = [ResNet18Features.MeanB, ResNet18Features.MeanG, ResNet18Features.MeanR];
        for (int c = 0; c < 3; c++)
        {
            double fileMean = meanImage.Skip(c * Plane).Take(Plane).Average(v => (double)v);
            Assert.Equal(fileMean, channelMeans[c], 3);
        }

        using var scope = NewDisposeScope();

        // Distinct channel levels, so a swapped channel order cannot pass.
        var image = (TestImages.Noise(1, 224, 224, seed: 21) * 0.2 + tensor(new float[] { 0.7f, 0f, -0.6f }).reshape(1, 3, 1, 1)).clamp(-1, 1);
        float[] rgb255 = ((image + 1) * 127.5).contiguous().data<float>().ToArray();
        using var normalize = InputNormalization.Caffe(ResNet18Features.MeanB, ResNet18Features.MeanG, ResNet18Features.MeanR);
        float[] ours = normalize.forward(image).contiguous().data<float>().ToArray();

        using var session = new InferenceSession(PreprocessPath);
        using var input = OrtValue.CreateTensorValueFromMemory(rgb255, [1, 3, 224, 224]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [graph.Input[0].Name], [input], [graph.Output[0].Name]);
        float[] theirs = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        float worst = 0;
        for (int i = 0; i < theirs.Length; i++)
        {
            float expectedGap = meanImage[i] - channelMeans[i / Plane];
            worst = Math.Max(worst, Math.Abs(ours[i] - theirs[i] - expectedGap));
        }

        Assert.True(worst < 1e-3f, $"max deviation {worst}");
    }

    [Theory]
    [InlineData(224, 7, 2, 3, 2)]
    [InlineData(112, 3, 2, 1, 0)]
    [InlineData(56, 3, 2, 1, 0)]
    [InlineData(56, 1, 2, 0, 0)]
    [InlineData(56, 3, 1, 1, 1)]
    [InlineData(33, 3, 2, 1, 1)]
    public void SamePadding_ReproducesTheOnnxPads(long size, long kernel, long stride, long before, long after)
    {
        Assert.Equal((before, after), SamePadding.For(size, kernel, stride));
    }

    [Fact]
    public void OddImageSize_GivesCeilSizedFeatureMaps()
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<Tensor> features;
        using (no_grad())
        {
            features = resnet.Features.forward(TestImages.Smooth(1, 99, 75, seed: 22));
        }

        long[][] expected = [[64, 50, 38], [64, 25, 19], [128, 13, 10], [256, 7, 5], [512, 4, 3]];
        Assert.Equal(expected.Length, features.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], features[i].shape[1..]);
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingThePathAndThePackage()
    {
        using var network = new ResNet18Features();
        string path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => ResNet18Onnx.Load(network, path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(ResNet18Onnx.PackageName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotAnOnnxFile_ThrowsInvalidData()
    {
        using var network = new ResNet18Features();
        string path = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0xff, 0x01, 0x02]);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ResNet18Onnx.Load(network, path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_OnnxWithoutResNetStructure_ThrowsNamingTheMismatch()
    {
        // The preprocessing graph parses as ONNX but has no convolutions.
        using var network = new ResNet18Features();

        var error = Assert.Throws<InvalidDataException>(() => ResNet18Onnx.Load(network, PreprocessPath));

        Assert.Contains("not the expected ResNet-18 graph", error.Message, StringComparison.Ordinal);
    }
}
