using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Losses;

/// <summary>
/// ResNet's basic residual block (two 3×3 convolutions with batch norm, identity or 1×1 projection
/// shortcut), named like torchvision's (<c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>,
/// <c>downsample.0/1</c>). Strided convolutions use CNTK's SAME padding (<see cref="SamePadding"/>);
/// stride-1 3×3 convolutions pad 1 on every side, which is the same thing.
/// </summary>
internal sealed class ResNetBasicBlock : Module<Tensor, Tensor>
{
    private readonly long _stride;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public ResNetBasicBlock(long inChannels, long outChannels, long stride)
        : base(nameof(ResNetBasicBlock))
    {
        _stride = stride;
        conv1 = Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: stride == 1 ? 1 : 0, bias: false);
        bn1 = BatchNorm2d(outChannels);
        conv2 = Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            // A 1×1 kernel needs no SAME padding at any stride.
            downsample = Sequential(
                ("0", Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false)),
                ("1", BatchNorm2d(outChannels)));
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var padded = _stride == 1 ? input : SamePadding.Pad(input, 3, _stride);
        var y = functional.relu(bn1.forward(conv1.forward(padded)));
        y = bn2.forward(conv2.forward(y));
        var shortcut = downsample is null ? input : downsample.forward(input);
        return functional.relu(y + shortcut);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            downsample?.Dispose();
        }

        base.Dispose(disposing);
    }
}
