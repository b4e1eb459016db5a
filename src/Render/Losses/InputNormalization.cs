using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Losses;

/// <summary>
/// Maps model images (RGB in [−1, 1]) to what a pretrained network was trained on. Both conventions
/// used here are a per-channel affine map after an optional RGB→BGR flip, so one module covers both;
/// its constants are non-persistent buffers (they move with <c>.to(device)</c> but are not weights).
/// </summary>
internal sealed class InputNormalization : Module<Tensor, Tensor>
{
    private readonly bool _toBgr;
    private readonly Tensor scale;
    private readonly Tensor shift;

    private InputNormalization(bool toBgr, float[] scale, float[] shift)
        : base(nameof(InputNormalization))
    {
        _toBgr = toBgr;
        this.scale = tensor(scale).reshape(1, 3, 1, 1);
        this.shift = tensor(shift).reshape(1, 3, 1, 1);
        register_buffer(nameof(this.scale), this.scale, persistent: false);
        register_buffer(nameof(this.shift), this.shift, persistent: false);
        RegisterComponents();
    }

    /// <summary>True when the network reads channels in BGR order (Caffe convention).</summary>
    public bool ToBgr => _toBgr;

    /// <summary>
    /// torchvision's ImageNet convention: RGB scaled to [0, 1], then (v − mean) / std with
    /// mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). torchvision's VGG19 weights were
    /// trained with exactly this, so it is the only preprocessing under which they give ImageNet features.
    /// </summary>
    public static InputNormalization Torchvision()
    {
        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] std = [0.229f, 0.224f, 0.225f];

        // ((x + 1) / 2 − m) / s = x / (2s) + (0.5 − m) / s
        return new InputNormalization(
            toBgr: false,
            scale: [.. std.Select(s => 1f / (2f * s))],
            shift: [.. mean.Zip(std, (m, s) => (0.5f - m) / s)]);
    }

    /// <summary>
    /// Caffe's convention: values 0..255, channels in BGR order, a per-channel mean subtracted
    /// (given in BGR order, e.g. VGG's 103.939, 116.779, 123.68).
    /// </summary>
    public static InputNormalization Caffe(float meanB, float meanG, float meanR)
    {
        // 127.5 · (x + 1) − mean = 127.5 · x + (127.5 − mean), after the flip to BGR.
        return new InputNormalization(
            toBgr: true,
            scale: [127.5f, 127.5f, 127.5f],
            shift: [127.5f - meanB, 127.5f - meanG, 127.5f - meanR]);
    }

    public override Tensor forward(Tensor input)
    {
        var ordered = _toBgr ? input.flip(1) : input;

        // In the input's type: a network converted to bfloat16 (mixed-precision training) keeps these fields
        // pointing at the float32 buffers, and float32 here would promote the whole network's input.
        return scale.dtype == input.dtype ? ordered * scale + shift : ordered * scale.to(input.dtype) + shift.to(input.dtype);
    }
}
