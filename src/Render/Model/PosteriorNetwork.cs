using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Model;

/// <summary>One latent scale of the posterior's top-down pass: a container the posterior network drives step by step.</summary>
internal sealed class PosteriorScale : Module
{
    private readonly ModuleList<ResidualBlock> pre;
    private readonly WeightNormConv2d mean;
    private readonly ModuleList<ResidualBlock> post;
    private readonly SubpixelUpsample? up;

    public PosteriorScale(string name, long channels, long nextChannels, int halfBlocks, double dropout)
        : base(name)
    {
        pre = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, halfBlocks).Select(i => new ResidualBlock($"pre{i}", channels, channels, dropout)).ToArray());
        mean = new WeightNormConv2d("mean", channels, channels, kernelSize: 3);
        // After the latent the skip is concat[encoder activation, z]: 2C channels.
        post = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, halfBlocks).Select(i => new ResidualBlock($"post{i}", channels, 2 * channels, dropout)).ToArray());
        if (nextChannels > 0)
        {
            up = new SubpixelUpsample("up", channels, nextChannels);
        }

        RegisterComponents();
    }

    public int HalfBlocks => pre.Count;

    /// <summary>Posterior mean of this scale from its top-down features.</summary>
    public Tensor Mean(Tensor h) => mean.call(h);

    public Tensor Pre(Tensor h, Stack<Tensor> skips)
    {
        foreach (ResidualBlock block in pre)
        {
            h = block.call(h, skips.Pop());
        }

        return h;
    }

    public Tensor Post(Tensor h, Tensor z, Stack<Tensor> skips)
    {
        foreach (ResidualBlock block in post)
        {
            h = block.call(h, cat([skips.Pop(), z], 1));
        }

        return up is null ? h : up.call(h);
    }
}

/// <summary>
/// The posterior q(z | x, ŷ) (official name <c>enc_down</c>): a top-down pass over the appearance encoder's
/// activations, coarse → fine, down to the finest latent scale. At each latent scale the mean is a 3×3 conv
/// of the features (standard deviation fixed at 1), and the finer scale is conditioned on the coarser z.
/// (The original also builds one more up-sampling conv after the finest latent scale whose output is
/// never used; it is left out here, which saves those parameters and changes nothing computed.)
/// </summary>
internal sealed class PosteriorNetwork : Module<Tensor[], bool, (Tensor[] Means, Tensor[] Z)>
{
    private readonly WeightNormConv2d nin;
    private readonly ModuleList<PosteriorScale> scales;

    /// <param name="name">Module name.</param>
    /// <param name="widths">Channels at each latent scale, coarsest first.</param>
    /// <param name="blocksPerScale">Residual blocks per scale (half before, half after the latent).</param>
    /// <param name="dropout">Dropout in residual blocks during training.</param>
    public PosteriorNetwork(string name, IReadOnlyList<int> widths, int blocksPerScale, double dropout)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(widths);
        nin = new WeightNormConv2d("nin", widths[0], widths[0], kernelSize: 1);
        scales = new ModuleList<PosteriorScale>(
            Enumerable.Range(0, widths.Count)
                .Select(l => new PosteriorScale($"scale{l}", widths[l], l + 1 < widths.Count ? widths[l + 1] : 0, blocksPerScale / 2, dropout))
                .ToArray());
        RegisterComponents();
    }

    /// <summary>Posterior means, global RNG for sampling; see <see cref="Run"/>.</summary>
    public override (Tensor[] Means, Tensor[] Z) forward(Tensor[] encoderActivations, bool sample) => Run(encoderActivations, sample, null);

    /// <summary>
    /// Computes the posterior means per latent scale (coarsest first) from the appearance encoder's activations
    /// (finest first). With <paramref name="sample"/> the z fed to the finer scale is μ + ε (training, as the
    /// original); without, it is μ itself, which makes encoding deterministic.
    /// </summary>
    public (Tensor[] Means, Tensor[] Z) Run(Tensor[] encoderActivations, bool sample, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(encoderActivations);
        var skips = new Stack<Tensor>(encoderActivations);
        var means = new Tensor[scales.Count];
        var zs = new Tensor[scales.Count];
        Tensor h = nin.call(encoderActivations[^1]);
        for (int l = 0; l < scales.Count; l++)
        {
            PosteriorScale scale = scales[l];
            h = scale.Pre(h, skips);
            means[l] = scale.Mean(h);
            zs[l] = sample
                ? means[l].add(randn(means[l].shape, means[l].dtype, means[l].device, generator: generator))
                : means[l];
            h = scale.Post(h, zs[l], skips);
        }

        return (means, zs);
    }
}
