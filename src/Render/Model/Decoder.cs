using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Model;

/// <summary>How the decoder obtains z at the latent scales.</summary>
internal enum LatentSource
{
    /// <summary>Use the given latents; the prior is not computed (rendering: cheapest).</summary>
    Given,

    /// <summary>Use the given latents and also compute the teacher-forced prior means (training, KL).</summary>
    TeacherForced,

    /// <summary>Sample z autoregressively from the prior p(z | ŷ) (appearance sampling).</summary>
    Prior,
}

/// <summary>One scale of the decoder's top-down pass (coarse → fine): a container the decoder drives step by step.</summary>
internal sealed class DecoderScale : Module
{
    private readonly ModuleList<ResidualBlock> pre;
    private readonly AutoregressivePrior? prior;
    private readonly ModuleList<WeightNormConv2d>? merge;
    private readonly ModuleList<ResidualBlock> post;
    private readonly SubpixelUpsample? up;

    public DecoderScale(string name, long channels, long nextChannels, int halfBlocks, bool hasLatent, double dropout)
        : base(name)
    {
        pre = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, halfBlocks).Select(i => new ResidualBlock($"pre{i}", channels, channels, dropout)).ToArray());
        if (hasLatent)
        {
            prior = new AutoregressivePrior("prior", channels, dropout);
            // concat[h, z] merged back to C channels by a 1×1 conv before each post block.
            merge = new ModuleList<WeightNormConv2d>(
                Enumerable.Range(0, halfBlocks).Select(i => new WeightNormConv2d($"merge{i}", 2 * channels, channels, kernelSize: 1)).ToArray());
        }

        post = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, halfBlocks).Select(i => new ResidualBlock($"post{i}", channels, channels, dropout)).ToArray());
        if (nextChannels > 0)
        {
            up = new SubpixelUpsample("up", channels, nextChannels);
        }

        RegisterComponents();
    }

    public bool HasLatent => prior is not null;

    public AutoregressivePrior Prior => prior ?? throw new InvalidOperationException($"{GetName()} has no latent");

    public Tensor Pre(Tensor h, Stack<Tensor> skips)
    {
        foreach (ResidualBlock block in pre)
        {
            h = block.call(h, skips.Pop());
        }

        return h;
    }

    public Tensor Post(Tensor h, Tensor? z, Stack<Tensor> skips)
    {
        for (int i = 0; i < post.Count; i++)
        {
            if (merge is not null)
            {
                h = merge[i].call(cat([h, z ?? throw new ArgumentNullException(nameof(z), "a latent scale needs z")], 1));
            }

            h = post[i].call(h, skips.Pop());
        }

        return up is null ? h : up.call(h);
    }
}

/// <summary>What one decoder pass produced besides the features.</summary>
internal sealed record DecoderResult(Tensor? Features, Tensor[] PriorMeans, Tensor[] Z);

/// <summary>
/// The U-Net's top-down pass (official name <c>dec_down</c>): starts from a 1×1 conv of the coarsest shape
/// activation and, coarse → fine, applies residual blocks whose skips are the shape encoder's activations
/// (popped in reverse order), injecting z at the latent scales (concat + 1×1 conv) and up-sampling by
/// sub-pixel convs. The prior p(z | ŷ) is computed here from the shape path.
/// </summary>
internal sealed class Decoder : Module<Tensor[], Tensor[], Tensor>
{
    private readonly WeightNormConv2d nin;
    private readonly ModuleList<DecoderScale> scales;

    /// <param name="name">Module name.</param>
    /// <param name="widths">Channels per scale, coarsest first.</param>
    /// <param name="latentScales">How many of the coarsest scales carry a latent.</param>
    /// <param name="blocksPerScale">Residual blocks per scale (half before, half after the latent).</param>
    /// <param name="dropout">Dropout in residual blocks during training.</param>
    public Decoder(string name, IReadOnlyList<int> widths, int latentScales, int blocksPerScale, double dropout)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(widths);
        LatentScales = latentScales;
        nin = new WeightNormConv2d("nin", widths[0], widths[0], kernelSize: 1);
        scales = new ModuleList<DecoderScale>(
            Enumerable.Range(0, widths.Count)
                .Select(l => new DecoderScale(
                    $"scale{l}", widths[l], l + 1 < widths.Count ? widths[l + 1] : 0, blocksPerScale / 2, l < latentScales, dropout))
                .ToArray());
        RegisterComponents();
    }

    public int LatentScales { get; }

    /// <summary>Decodes with the given latents (no prior). Returns the finest features.</summary>
    public override Tensor forward(Tensor[] shapeActivations, Tensor[] latents) =>
        Run(shapeActivations, LatentSource.Given, latents, null, stopAfterLatents: false).Features!;

    /// <summary>
    /// One top-down pass. <paramref name="latents"/> (coarsest first) are needed for
    /// <see cref="LatentSource.Given"/> and <see cref="LatentSource.TeacherForced"/>. With
    /// <paramref name="stopAfterLatents"/> the pass ends after the finest latent scale (Features is null),
    /// which is all that sampling latents needs.
    /// </summary>
    public DecoderResult Run(Tensor[] shapeActivations, LatentSource source, Tensor[]? latents, Generator? generator, bool stopAfterLatents)
    {
        ArgumentNullException.ThrowIfNull(shapeActivations);
        if (source != LatentSource.Prior && (latents is null || latents.Length != LatentScales))
        {
            throw new ArgumentException($"the decoder needs {LatentScales} latent tensors, got {latents?.Length ?? 0}");
        }

        var skips = new Stack<Tensor>(shapeActivations);
        var priorMeans = new List<Tensor>();
        var zs = new List<Tensor>();
        Tensor h = nin.call(shapeActivations[^1]);
        for (int l = 0; l < scales.Count; l++)
        {
            DecoderScale scale = scales[l];
            h = scale.Pre(h, skips);
            Tensor? z = null;
            if (scale.HasLatent)
            {
                switch (source)
                {
                    case LatentSource.Given:
                        z = latents![l];
                        break;
                    case LatentSource.TeacherForced:
                        (Tensor mean, z) = scale.Prior.call(h, latents![l]);
                        priorMeans.Add(mean);
                        break;
                    default:
                        (Tensor priorMean, z) = scale.Prior.Run(h, null, generator);
                        priorMeans.Add(priorMean);
                        break;
                }

                zs.Add(z);
                if (stopAfterLatents && l == LatentScales - 1)
                {
                    return new DecoderResult(null, [.. priorMeans], [.. zs]);
                }
            }

            h = scale.Post(h, z, skips);
        }

        return new DecoderResult(h, [.. priorMeans], [.. zs]);
    }
}
