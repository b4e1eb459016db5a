using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Model;

/// <summary>
/// One scale of a bottom-up pass: residual blocks without skips, then (except at the coarsest scale) a
/// stride-2 weight-normalised 3×3 conv to the next scale's width.
/// </summary>
internal sealed class EncoderScale : Module<Tensor, (Tensor Output, Tensor[] Activations)>
{
    private readonly ModuleList<ResidualBlock> blocks;
    private readonly WeightNormConv2d? down;

    public EncoderScale(string name, long channels, long nextChannels, int blockCount, double dropout)
        : base(name)
    {
        blocks = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, blockCount).Select(i => new ResidualBlock($"block{i}", channels, 0, dropout)).ToArray());
        if (nextChannels > 0)
        {
            down = new WeightNormConv2d("down", channels, nextChannels, kernelSize: 3, stride: 2);
        }

        RegisterComponents();
    }

    /// <summary>Returns the input of the next scale (down-sampled, or the last activation at the coarsest scale) and every block's output.</summary>
    public override (Tensor Output, Tensor[] Activations) forward(Tensor input)
    {
        var activations = new Tensor[blocks.Count];
        Tensor h = input;
        for (int i = 0; i < blocks.Count; i++)
        {
            h = blocks[i].call(h, null);
            activations[i] = h;
        }

        return (down is null ? h : down.call(h), activations);
    }
}

/// <summary>
/// The bottom-up (fine → coarse) pass used twice in VUNet: on the stickman as the U-Net's shape encoder
/// (official name <c>dec_up</c>) and on the part crops as the appearance encoder (<c>enc_up</c>).
/// A 1×1 conv ("nin") to the first width, then per scale residual blocks and a stride-2 conv.
/// Returns every residual block's output, finest first: they are the skips of the top-down pass.
/// </summary>
internal sealed class BottomUpEncoder : Module<Tensor, Tensor[]>
{
    private readonly WeightNormConv2d nin;
    private readonly ModuleList<EncoderScale> scales;

    /// <param name="name">Module name.</param>
    /// <param name="inChannels">Input channels (3 for the stickman, 24 for the crops).</param>
    /// <param name="widths">Channels at each of this pass's scales, finest first.</param>
    /// <param name="blocksPerScale">Residual blocks per scale.</param>
    /// <param name="dropout">Dropout in residual blocks during training.</param>
    public BottomUpEncoder(string name, long inChannels, IReadOnlyList<int> widths, int blocksPerScale, double dropout)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(widths);
        Widths = [.. widths];
        nin = new WeightNormConv2d("nin", inChannels, widths[0], kernelSize: 1);
        scales = new ModuleList<EncoderScale>(
            Enumerable.Range(0, widths.Count)
                .Select(s => new EncoderScale($"scale{s}", widths[s], s + 1 < widths.Count ? widths[s + 1] : 0, blocksPerScale, dropout))
                .ToArray());
        RegisterComponents();
    }

    public IReadOnlyList<int> Widths { get; }

    public override Tensor[] forward(Tensor input)
    {
        var activations = new List<Tensor>();
        Tensor h = nin.call(input);
        foreach (EncoderScale scale in scales)
        {
            (h, Tensor[] blockOutputs) = scale.call(h);
            activations.AddRange(blockOutputs);
        }

        return [.. activations];
    }
}
