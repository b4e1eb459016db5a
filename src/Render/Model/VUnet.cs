using TorchSharp;
using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// The Variational U-Net (Esser, Sutter, Ommer, CVPR 2018) as the official TensorFlow code builds it
/// (see docs/vunet-reference.md). Submodules carry the official names:
/// <list type="bullet">
/// <item><c>enc_up</c>: appearance encoder, bottom-up over the 24-channel part crops;</item>
/// <item><c>enc_down</c>: posterior q(z | x, ŷ), top-down over enc_up's activations to the latent scales;</item>
/// <item><c>dec_up</c>: shape encoder, bottom-up over the stickman ŷ; its activations are the U-Net skips;</item>
/// <item><c>dec_down</c>: decoder with the 4-group autoregressive prior p(z | ŷ) at the latent scales;</item>
/// <item><c>dec_params</c>: output 3×3 conv to RGB (no tanh: clip to [−1, 1] only to display), plus an alpha
/// (in [−1, 1]) as a 4th channel when <see cref="VUnetConfig.OutputAlpha"/> (see <see cref="AlphaComposite"/>).</item>
/// </list>
/// Inputs: stickman [N, 3, S, S] and crops [N, 24, S/2^bf, S/2^bf], both in [−1, 1] (see
/// <c>VUnetStream.Render.Shape</c>). Latents have unit variance in both posterior and prior.
/// The posterior depends on the image only through the crops (the original's final code feeds enc_up
/// the crops alone), so <see cref="EncodeAppearance"/> takes just the crops.
/// <para>
/// <see cref="forward"/> is the training pass (respects <c>train()</c>/<c>eval()</c> for dropout; one dispose
/// scope; results moved out). The inference methods (<see cref="EncodeAppearance"/>, <see cref="Decode"/>,
/// <see cref="SampleAppearance"/>, <see cref="Sample"/>, <see cref="Reconstruct"/>, <see cref="Transfer"/>,
/// <see cref="PriorMeans"/>) run without dropout under <c>torch.inference_mode()</c> on the calling thread
/// and return inference tensors (not usable for autograd). A model must be used by one thread at a time.
/// </para>
/// </summary>
public sealed class VUnet : nn.Module<Tensor, Tensor, VUnetOutput>
{
    /// <summary>Fewest images <see cref="InitializeDataDependent"/> accepts (per-channel statistics of tiny grids need a batch).</summary>
    public const int MinimumInitBatch = 8;

    /// <summary>Init batch size the original used (4 batches of 8 at 256², of 16 at 128²); with 2 images the initial KL was seen at ~1e14.</summary>
    public const int RecommendedInitBatch = 32;

    private readonly BottomUpEncoder enc_up;
    private readonly PosteriorNetwork enc_down;
    private readonly BottomUpEncoder dec_up;
    private readonly Decoder dec_down;
    private readonly WeightNormConv2d dec_params;

    /// <summary>Builds the network with the original's initial weights (V ~ N(0, 0.05²) from the global RNG, g = 1, b = 0).</summary>
    public VUnet(VUnetConfig config, string name = "vunet")
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validated();
        int scales = config.Scales;
        int blocks = config.ResBlocksPerScale;
        int[] shapeWidths = Enumerable.Range(0, scales).Select(config.Filters).ToArray();
        int[] appearanceWidths = Enumerable.Range(config.BoxFactor, config.AppearanceScales).Select(config.Filters).ToArray();
        int[] latentWidths = Enumerable.Range(0, config.LatentScales).Select(l => config.Filters(scales - 1 - l)).ToArray();

        enc_up = new BottomUpEncoder("enc_up", VUnetConfig.CropChannels, appearanceWidths, blocks, config.Dropout);
        enc_down = new PosteriorNetwork("enc_down", latentWidths, blocks, config.Dropout);
        dec_up = new BottomUpEncoder("dec_up", VUnetConfig.ImageChannels, shapeWidths, blocks, config.Dropout);
        dec_down = new Decoder("dec_down", shapeWidths.Reverse().ToArray(), config.LatentScales, blocks, config.Dropout);
        dec_params = new WeightNormConv2d("dec_params", shapeWidths[0], config.OutputChannels, kernelSize: 3);
        RegisterComponents();
    }

    public VUnetConfig Config { get; }

    /// <summary>Number of trainable values (≈47 M for <see cref="VUnetConfig.Reference"/>(256)).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Every weight-normalised conv of the model (the layers data-dependent init touches).</summary>
    public IEnumerable<WeightNormConv2d> Convolutions => modules().OfType<WeightNormConv2d>();

    /// <summary>
    /// Caches every conv's effective weight for inference (see <see cref="WeightNormConv2d.FoldForInference"/>);
    /// call after the weights are loaded and the model is in eval mode.
    /// </summary>
    public void FoldWeightNormForInference()
    {
        foreach (WeightNormConv2d conv in Convolutions)
        {
            conv.FoldForInference();
        }
    }

    /// <summary>
    /// Converts a folded inference model to <paramref name="dtype"/> (e.g. bfloat16): parameters and the folded
    /// weights, the latter rounded from their float32 values (see <see cref="WeightNormConv2d.CastFolded"/>).
    /// </summary>
    public void ConvertForInference(ScalarType dtype)
    {
        this.to(dtype);
        foreach (WeightNormConv2d conv in Convolutions)
        {
            conv.CastFolded(dtype);
        }
    }

    /// <summary>
    /// Lays every folded conv weight out channels-last (or back): an inference experiment, measured by
    /// <c>bench model --channels-last</c>; inputs must then be laid out the same way (<see cref="Layouts.ChannelsLast"/>).
    /// </summary>
    public void SetFoldedLayout(bool channelsLast)
    {
        foreach (WeightNormConv2d conv in Convolutions)
        {
            conv.SetFoldedLayout(channelsLast);
        }
    }

    /// <summary>The dtype of the model's weights (what its inputs are cast to).</summary>
    public ScalarType WeightType => parameters().First().dtype;

    /// <summary>Training pass with z ~ q from the global RNG; see <see cref="Forward"/>.</summary>
    public override VUnetOutput forward(Tensor stickman, Tensor crops) => Forward(stickman, crops, null);

    /// <summary>
    /// Training pass: posterior sample z = μq + ε (the finer scale conditioned on the coarser sample, as
    /// the original), decoder teacher-forced with it (prior groups see posterior groups), reconstruction
    /// and KL = Σ_scales mean_batch Σ ½(μq − μp)². Dropout follows the module's training flag.
    /// </summary>
    public VUnetOutput Forward(Tensor stickman, Tensor crops, Generator? generator)
    {
        CheckInputs(stickman, crops);
        using var scope = NewDisposeScope();
        Tensor[] appearance = enc_up.call(crops);
        (Tensor[] posteriorMeans, Tensor[] z) = enc_down.Run(appearance, sample: true, generator);
        Tensor[] shape = dec_up.call(stickman);
        DecoderResult decoded = dec_down.Run(shape, LatentSource.TeacherForced, z, null, stopAfterLatents: false);
        Tensor reconstruction = dec_params.call(decoded.Features!);
        Tensor[] klPerScale = posteriorMeans
            .Zip(decoded.PriorMeans, (q, p) => q.sub(p).square().sum([1, 2, 3]).mul(0.5).mean())
            .ToArray();
        Tensor kl = stack(klPerScale).sum();
        return new VUnetOutput(reconstruction, kl, klPerScale, new Latents(posteriorMeans), new Latents(decoded.PriorMeans))
            .MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The appearance code of each item: posterior means, the finer scale conditioned on the coarser MEAN,
    /// so the same crops always give the same z (what video needs). crops: [N, 24, S/2^bf, S/2^bf].
    /// </summary>
    public Latents EncodeAppearance(Tensor crops)
    {
        CheckCrops(crops);
        using var session = new InferenceSession(this);
        using var scope = NewDisposeScope();
        (Tensor[] means, _) = enc_down.Run(enc_up.call(crops), sample: false, null);
        return new Latents(means).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Renders images [N, 3, S, S] (RGB + alpha: [N, 4, S, S]) for stickmen [N, 3, S, S] with appearance <paramref name="latents"/>
    /// (batch N, or 1 to use one appearance for every pose). Skips the prior entirely: this is the per-frame cost.
    /// </summary>
    public Tensor Decode(Tensor stickman, Latents latents)
    {
        CheckStickman(stickman);
        ArgumentNullException.ThrowIfNull(latents);
        using var session = new InferenceSession(this);
        using var scope = NewDisposeScope();
        using Latents z = MatchBatch(latents, stickman.shape[0]);
        Tensor[] shape = dec_up.call(stickman);
        DecoderResult decoded = dec_down.Run(shape, LatentSource.Given, [.. z.Scales], null, stopAfterLatents: false);
        return dec_params.call(decoded.Features!).MoveToOuterDisposeScope();
    }

    /// <summary>Appearance codes drawn from the prior p(z | ŷ) for each stickman (autoregressively over the 4 groups, coarse scale first).</summary>
    public Latents SampleAppearance(Tensor stickman, Generator? generator = null)
    {
        CheckStickman(stickman);
        using var session = new InferenceSession(this);
        using var scope = NewDisposeScope();
        DecoderResult decoded = dec_down.Run(dec_up.call(stickman), LatentSource.Prior, null, generator, stopAfterLatents: true);
        return new Latents(decoded.Z).MoveToOuterDisposeScope();
    }

    /// <summary>Images with appearance sampled from the prior (same pose, new looks): one pass instead of SampleAppearance + Decode.</summary>
    public Tensor Sample(Tensor stickman, Generator? generator = null)
    {
        CheckStickman(stickman);
        using var session = new InferenceSession(this);
        using var scope = NewDisposeScope();
        DecoderResult decoded = dec_down.Run(dec_up.call(stickman), LatentSource.Prior, null, generator, stopAfterLatents: false);
        return dec_params.call(decoded.Features!).MoveToOuterDisposeScope();
    }

    /// <summary>Reconstruction with the posterior mean: Decode(stickman, EncodeAppearance(crops)).</summary>
    public Tensor Reconstruct(Tensor stickman, Tensor crops)
    {
        CheckInputs(stickman, crops);
        using Latents z = EncodeAppearance(crops);
        return Decode(stickman, z);
    }

    /// <summary>
    /// Appearance of the crops' person(s) in the target pose(s). <paramref name="appearanceCrops"/> has batch N
    /// or 1 (one person in every pose); <paramref name="targetStickman"/> has batch N.
    /// </summary>
    public Tensor Transfer(Tensor appearanceCrops, Tensor targetStickman)
    {
        CheckCrops(appearanceCrops);
        CheckStickman(targetStickman);
        using Latents z = EncodeAppearance(appearanceCrops);
        return Decode(targetStickman, z);
    }

    /// <summary>Prior means p(z | ŷ) per latent scale when the autoregressive groups are fed <paramref name="latents"/> (teacher forcing).</summary>
    public Latents PriorMeans(Tensor stickman, Latents latents)
    {
        CheckStickman(stickman);
        ArgumentNullException.ThrowIfNull(latents);
        using var session = new InferenceSession(this);
        using var scope = NewDisposeScope();
        using Latents z = MatchBatch(latents, stickman.shape[0]);
        DecoderResult decoded = dec_down.Run(dec_up.call(stickman), LatentSource.TeacherForced, [.. z.Scales], null, stopAfterLatents: true);
        return new Latents(decoded.PriorMeans).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Data-dependent initialisation of every weight-normalised conv: one training pass (posterior samples,
    /// teacher forcing) over this batch in which each layer, in execution order, sets g = 1/sqrt(var + 1e-10)
    /// and b = −mean·g from its own outputs, so every conv output has zero mean and unit variance per channel
    /// on this batch. Dropout is off during the pass (so the statistics are those of the deterministic net).
    /// Needs at least <see cref="MinimumInitBatch"/> images; <see cref="RecommendedInitBatch"/> or more is what the original used.
    /// </summary>
    public void InitializeDataDependent(Tensor stickman, Tensor crops, Generator? generator = null)
    {
        CheckInputs(stickman, crops);
        if (stickman.shape[0] < MinimumInitBatch)
        {
            throw new ArgumentException(
                $"data-dependent initialisation needs at least {MinimumInitBatch} images ({RecommendedInitBatch}+ recommended), got {stickman.shape[0]}: " +
                "with tiny batches the statistics of the coarse grids are degenerate and the initial KL explodes");
        }

        WeightNormConv2d[] convolutions = Convolutions.ToArray();
        foreach (WeightNormConv2d conv in convolutions)
        {
            conv.RequestDataDependentInit();
        }

        bool wasTraining = training;
        eval();
        try
        {
            using (no_grad())
            {
                using VUnetOutput output = Forward(stickman, crops, generator);
            }
        }
        finally
        {
            train(wasTraining);
        }

        string[] missed = convolutions.Where(c => c.DataDependentInitPending).Select(c => c.GetName()).ToArray();
        if (missed.Length > 0)
        {
            throw new InvalidOperationException($"data-dependent init did not reach {missed.Length} convolutions ({string.Join(", ", missed.Take(5))})");
        }
    }

    private static Latents MatchBatch(Latents latents, long batch)
    {
        if (latents.BatchSize != batch && latents.BatchSize != 1)
        {
            throw new ArgumentException($"latents have batch {latents.BatchSize} but there are {batch} stickmen (use the same batch or 1)");
        }

        return latents.Expand(batch);
    }

    private void CheckInputs(Tensor stickman, Tensor crops)
    {
        CheckStickman(stickman);
        CheckCrops(crops);
        if (stickman.shape[0] != crops.shape[0])
        {
            throw new ArgumentException($"stickman batch {stickman.shape[0]} and crops batch {crops.shape[0]} differ");
        }
    }

    private void CheckStickman(Tensor stickman)
    {
        ArgumentNullException.ThrowIfNull(stickman);
        int s = Config.ImageSize;
        if (stickman.dim() != 4 || stickman.shape[1] != VUnetConfig.ImageChannels || stickman.shape[2] != s || stickman.shape[3] != s)
        {
            throw new ArgumentException($"expected stickmen [N, 3, {s}, {s}] for this {s}² model, got [{string.Join(", ", stickman.shape)}]");
        }
    }

    private void CheckCrops(Tensor crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        int c = Config.CropSize;
        if (crops.dim() != 4 || crops.shape[1] != VUnetConfig.CropChannels || crops.shape[2] != c || crops.shape[3] != c)
        {
            throw new ArgumentException($"expected part crops [N, 24, {c}, {c}] for this model (box factor {Config.BoxFactor}), got [{string.Join(", ", crops.shape)}]");
        }
    }

    /// <summary>Dropout off and inference mode on for the duration of one inference call; restores the training flag.</summary>
    private readonly struct InferenceSession : IDisposable
    {
        private readonly VUnet _model;
        private readonly bool _wasTraining;
        private readonly IDisposable _inferenceMode;

        public InferenceSession(VUnet model)
        {
            _model = model;
            _wasTraining = model.training;
            if (_wasTraining)
            {
                model.eval();
            }

            _inferenceMode = inference_mode();
        }

        public void Dispose()
        {
            _inferenceMode.Dispose();
            if (_wasTraining)
            {
                _model.train();
            }
        }
    }
}
