using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VUnetStream.Render.Model;

/// <summary>
/// A weight-normalised convolution, W = g · V / ‖V‖ (norm per output filter) plus bias, as every conv of
/// the official VUNet (and its "nin" 1×1 layers) is. Parameter names and shapes follow
/// torch.nn.utils.weight_norm: <c>weight_g</c> [out, 1, 1, 1], <c>weight_v</c> [out, in, k, k], <c>bias</c> [out].
/// Initial values follow the original: V ~ N(0, 0.05²), g = 1, b = 0, until data-dependent initialisation
/// (<see cref="RequestDataDependentInit"/>) sets g = 1/sqrt(var + 1e-10), b = −mean·g from the next batch
/// it sees, so that its outputs on that batch have zero mean and unit variance per channel.
/// Padding is TensorFlow's SAME: symmetric for stride 1, and for stride 2 zero rows/columns only after
/// the input (0 before, 1 after), as the original's stride-2 convs do.
/// </summary>
public sealed class WeightNormConv2d : nn.Module<Tensor, Tensor>
{
    private const double InitEpsilon = 1e-10;

    private readonly Parameter weight_g;
    private readonly Parameter weight_v;
    private readonly Parameter bias;
    private bool _initPending;

    // g · V / ‖V‖ computed once for inference (see FoldForInference); not a parameter, so the state dict is unchanged.
    private Tensor? _folded;

    public WeightNormConv2d(string name, long inChannels, long outChannels, int kernelSize = 3, int stride = 1)
        : base(name)
    {
        if (kernelSize % 2 != 1 || stride is not (1 or 2))
        {
            throw new ArgumentException($"{name}: kernel size must be odd and stride 1 or 2 (got {kernelSize}, {stride})");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        using (no_grad())
        {
            weight_v = new Parameter(empty(outChannels, inChannels, kernelSize, kernelSize).normal_(0.0, 0.05));
            weight_g = new Parameter(ones(outChannels, 1, 1, 1));
            bias = new Parameter(zeros(outChannels));
        }

        RegisterComponents();
    }

    public long InChannels { get; }

    public long OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    /// <summary>True until a requested data-dependent initialisation has run on a batch.</summary>
    public bool DataDependentInitPending => _initPending;

    /// <summary>Makes the next forward pass set g and b from the statistics of that batch (see the class remarks).</summary>
    public void RequestDataDependentInit() => _initPending = true;

    /// <summary>True while the effective weight is cached for inference.</summary>
    public bool IsFolded => _folded is not null;

    /// <summary>
    /// Computes the effective weight once and uses it in every eval-mode forward instead of normalising V
    /// per call (the model is frozen at inference). A forward in training mode drops the cache, so weights
    /// that training changes afterwards are never served stale.
    /// </summary>
    public void FoldForInference()
    {
        using (no_grad())
        {
            Tensor folded = Weight().detach();
            _folded?.Dispose();
            _folded = folded.DetachFromDisposeScope();
        }
    }

    /// <summary>
    /// Rounds the folded weight to <paramref name="dtype"/> after the parameters were converted to it: folding
    /// in float32 and rounding once is more exact than folding again from rounded g and V.
    /// </summary>
    public void CastFolded(ScalarType dtype)
    {
        if (_folded is null || _folded.dtype == dtype)
        {
            return;
        }

        Tensor cast = _folded.to(dtype).DetachFromDisposeScope();
        _folded.Dispose();
        _folded = cast;
    }

    /// <summary>
    /// Lays the folded weight out channels-last (NHWC strides, same shape) or back to contiguous NCHW, so
    /// that oneDNN picks its channels-last conv kernels when the input is laid out the same way.
    /// </summary>
    public void SetFoldedLayout(bool channelsLast)
    {
        if (_folded is null)
        {
            throw new InvalidOperationException($"{GetName()}: fold the weights (FoldForInference) before choosing their layout");
        }

        Tensor laidOut = (channelsLast ? Layouts.ChannelsLast(_folded) : _folded.contiguous()).DetachFromDisposeScope();
        if (!ReferenceEquals(laidOut, _folded))
        {
            _folded.Dispose();
            _folded = laidOut;
        }
    }

    /// <summary>The effective weight g · V / ‖V‖.</summary>
    public Tensor Weight()
    {
        using Tensor norm = weight_v.square().sum([1, 2, 3], keepdim: true).clamp_min(1e-24).sqrt();
        using Tensor scale = weight_g.div(norm);
        return weight_v.mul(scale);
    }

    public override Tensor forward(Tensor input)
    {
        // Frees the normalised weight and the padded input right away (see ResidualBlock.forward).
        using var scope = NewDisposeScope();
        Tensor x = input;
        long[] padding;
        if (Stride == 2)
        {
            // TF SAME with stride 2 on an even size pads k − 2 in total, the smaller half before:
            // for k = 3 that is 0 rows/columns before and 1 after.
            int total = Math.Max(KernelSize - 2, 0);
            int before = total / 2;
            int after = total - before;
            x = F.pad(x, [before, after, before, after]);
            padding = [0, 0];
        }
        else
        {
            padding = [KernelSize / 2, KernelSize / 2];
        }

        if (_initPending)
        {
            return InitializeFrom(x, padding).MoveToOuterDisposeScope();
        }

        if (training && _folded is not null)
        {
            _folded.Dispose();
            _folded = null;
        }

        if (_folded is not null && (_folded.dtype != weight_v.dtype || _folded.device != weight_v.device))
        {
            // The model was converted (model.to(bfloat16), to another device) after folding: fold again from
            // the converted parameters.
            FoldForInference();
        }

        if (_folded is not null)
        {
            return F.conv2d(x, _folded, bias, strides: [Stride, Stride], padding: padding).MoveToOuterDisposeScope();
        }

        Tensor w = Weight();
        if (MixedPrecision.ConvolutionType is not null && x.dtype == ScalarType.Float32)
        {
            // Training in mixed precision: the float32 weight is normalised, then rounded for this product only.
            Tensor y = F.conv2d(MixedPrecision.Reduce(x), MixedPrecision.Reduce(w), MixedPrecision.Reduce(bias), strides: [Stride, Stride], padding: padding);
            return y.to(ScalarType.Float32).MoveToOuterDisposeScope();
        }

        return F.conv2d(x, w, bias, strides: [Stride, Stride], padding: padding).MoveToOuterDisposeScope();
    }

    private Tensor InitializeFrom(Tensor x, long[] padding)
    {
        using (no_grad())
        {
            Tensor unitWeight = weight_v.div(weight_v.square().sum([1, 2, 3], keepdim: true).clamp_min(1e-24).sqrt());
            Tensor y = F.conv2d(x, unitWeight, null, strides: [Stride, Stride], padding: padding);
            // Population (biased) moments over batch and space, as tf.nn.moments computes them.
            Tensor mean = y.mean([0, 2, 3]);
            Tensor variance = y.var([0, 2, 3], unbiased: false);
            Tensor g = variance.add(InitEpsilon).rsqrt();
            weight_g.copy_(g.reshape(OutChannels, 1, 1, 1));
            bias.copy_(mean.mul(g).neg());
            _initPending = false;
        }

        Tensor w = Weight();
        return F.conv2d(x, w, bias, strides: [Stride, Stride], padding: padding);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _folded?.Dispose();
            _folded = null;
        }

        base.Dispose(disposing);
    }
}
