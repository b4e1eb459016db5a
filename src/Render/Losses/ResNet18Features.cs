using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Losses;

/// <summary>
/// ImageNet "ResNet-18" (the one ML.NET ships as ONNX, trained in CNTK; see <see cref="BlocksPerLayer"/>
/// for how it differs) as a loss network. Returns
/// five feature maps, one per resolution like the VGG layers of the paper's loss: the stem ReLU (½,
/// 64 ch, before max-pooling, so it still sees edges and colour at fine scale), then the outputs of
/// layer1…layer4 (¼…1/32, 64–512 ch). These are the block outputs torchvision-based perceptual losses
/// use for ResNets; the 224²-only average pool and classifier are left out, so any size works.
/// Submodules are named like torchvision's <c>resnet18</c> state dict; the weights come from the ONNX
/// file (<see cref="ResNet18Onnx"/>). Strided layers pad like CNTK (<see cref="SamePadding"/>),
/// which differs from torchvision's symmetric padding, so torchvision weights would be shifted by a pixel.
/// </summary>
internal sealed class ResNet18Features : FeatureNetwork
{
    // Per-channel (BGR) means of the 224×224 mean image in the package's ResNetPreprocess.onnx. Its
    // graph is: RGB 0..255 → BGR → subtract that mean image. A spatially varying mean would tie the
    // network to 224² inputs, so its channel averages are used (a test checks them against the file).
    public const float MeanB = 103.0626f;
    public const float MeanG = 115.9029f;
    public const float MeanR = 123.1516f;

    /// <summary>
    /// Residual blocks per stage. The CNTK-trained file has THREE blocks in its last stage, where the
    /// ResNet-18 paper and torchvision have two (its graph has 20 weighted convolutions, not 17); the
    /// network follows the file, since the weights are only meaningful in their own architecture.
    /// </summary>
    public static IReadOnlyList<int> BlocksPerLayer { get; } = [2, 2, 2, 3];

    private static readonly string[] s_layerNames = ["relu", "layer1", "layer2", "layer3", "layer4"];

    private readonly InputNormalization normalize;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    public ResNet18Features()
        : base(nameof(ResNet18Features))
    {
        normalize = InputNormalization.Caffe(MeanB, MeanG, MeanR);
        conv1 = Conv2d(3, 64, kernel_size: 7, stride: 2, bias: false);
        bn1 = BatchNorm2d(64);
        layer1 = Stage(64, 64, 1, BlocksPerLayer[0]);
        layer2 = Stage(64, 128, 2, BlocksPerLayer[1]);
        layer3 = Stage(128, 256, 2, BlocksPerLayer[2]);
        layer4 = Stage(256, 512, 2, BlocksPerLayer[3]);
        RegisterComponents();
    }

    public override IReadOnlyList<string> LayerNames => s_layerNames;

    public override IReadOnlyList<Tensor> forward(Tensor input)
    {
        CheckImageBatch(input);
        using var scope = NewDisposeScope();
        var x = normalize.forward(input);
        var stem = functional.relu(bn1.forward(conv1.forward(SamePadding.Pad(x, 7, 2))));

        // Max-pooling pads with −∞ (ONNX semantics), so padding never wins a window.
        var pooled = functional.max_pool2d(SamePadding.Pad(stem, 3, 2, double.NegativeInfinity), [3, 3], [2, 2]);
        var f1 = layer1.forward(pooled);
        var f2 = layer2.forward(f1);
        var f3 = layer3.forward(f2);
        var f4 = layer4.forward(f3);
        return [scope.MoveToOuter(stem), scope.MoveToOuter(f1), scope.MoveToOuter(f2), scope.MoveToOuter(f3), scope.MoveToOuter(f4)];
    }

    private static Sequential Stage(long inChannels, long outChannels, long stride, int blocks) =>
        Sequential(Enumerable.Range(0, blocks).Select(i => (
            i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (Module<Tensor, Tensor>)(i == 0
                ? new ResNetBasicBlock(inChannels, outChannels, stride)
                : new ResNetBasicBlock(outChannels, outChannels, 1)))));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            normalize.Dispose();
            conv1.Dispose();
            bn1.Dispose();
            layer1.Dispose();
            layer2.Dispose();
            layer3.Dispose();
            layer4.Dispose();
        }

        base.Dispose(disposing);
    }
}
