using TorchSharp;
using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>Sub-pixel up-sampling: a 3×3 weight-normalised conv to 4·C_out channels, then depth-to-space by 2 (TensorFlow order).</summary>
internal sealed class SubpixelUpsample : nn.Module<Tensor, Tensor>
{
    private readonly WeightNormConv2d conv;

    public SubpixelUpsample(string name, long inChannels, long outChannels)
        : base(name)
    {
        conv = new WeightNormConv2d("conv", inChannels, 4 * outChannels, kernelSize: 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => SubpixelGroups.DepthToSpace(conv.call(input));
}
