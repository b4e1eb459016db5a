using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VUnetStream.Render.Model;

/// <summary>
/// The original's residual block: with a skip input a, r = conv3x3(dropout(elu(concat[x, nin(elu(a))])));
/// without, r = conv3x3(dropout(elu(x))); the output is x + r. Dropout is active only in training mode.
/// </summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly WeightNormConv2d? skip;
    private readonly WeightNormConv2d conv;
    private readonly double _dropout;

    /// <param name="name">Module name.</param>
    /// <param name="channels">Channels of x (and of the output).</param>
    /// <param name="skipChannels">Channels of the skip input a, or 0 for a block without one.</param>
    /// <param name="dropout">Dropout probability on the residual branch during training.</param>
    public ResidualBlock(string name, long channels, long skipChannels, double dropout)
        : base(name)
    {
        _dropout = dropout;
        if (skipChannels > 0)
        {
            skip = new WeightNormConv2d("skip", skipChannels, channels, kernelSize: 1);
        }

        conv = new WeightNormConv2d("conv", skipChannels > 0 ? 2 * channels : channels, channels, kernelSize: 3);
        RegisterComponents();
    }

    public bool HasSkip => skip is not null;

    public override Tensor forward(Tensor x, Tensor? a)
    {
        // An inner scope frees this block's temporaries (ELU, concat, dropout, weights) as soon as the block
        // is done: without it a no-grad/inference pass would hold every intermediate of the whole network
        // until the outer forward ends (gigabytes at 256², batch 8). Autograd keeps what backward needs.
        using var scope = NewDisposeScope();
        Tensor residual = x;
        if (skip is not null)
        {
            if (a is null)
            {
                throw new ArgumentException($"{GetName()}: this residual block needs a skip input");
            }

            residual = cat([x, skip.call(F.elu(a, 1.0))], 1);
        }
        else if (a is not null)
        {
            throw new ArgumentException($"{GetName()}: this residual block takes no skip input");
        }

        residual = F.elu(residual, 1.0);
        if (training && _dropout > 0)
        {
            residual = F.dropout(residual, _dropout, training: true);
        }

        return x.add(conv.call(residual)).MoveToOuterDisposeScope();
    }
}
