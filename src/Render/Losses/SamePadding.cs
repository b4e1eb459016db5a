using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Losses;

/// <summary>
/// "SAME" padding as CNTK computed it for the ResNet-18 that ships as ONNX: the output is ceil(size /
/// stride) and the padding needed for that is split with the odd extra row/column BEFORE (top/left).
/// (TensorFlow puts it after.) The ONNX file has these pads baked in for 224² — e.g. (3, 2) for the
/// 7×7/2 stem and (1, 0) for the 3×3/2 convolutions and pooling — and computing them per input size
/// reproduces exactly those at 224² while keeping both branches of a residual block the same size at
/// any other size.
/// </summary>
internal static class SamePadding
{
    /// <summary>Padding (before, after) for one spatial axis.</summary>
    public static (long Before, long After) For(long size, long kernel, long stride)
    {
        long output = (size + stride - 1) / stride;
        long total = Math.Max((output - 1) * stride + kernel - size, 0);
        long before = (total + 1) / 2;
        return (before, total - before);
    }

    /// <summary>Pads an [N, C, H, W] tensor for a kernel/stride, filling with <paramref name="value"/>.</summary>
    public static Tensor Pad(Tensor input, long kernel, long stride, double value = 0)
    {
        var (top, bottom) = For(input.shape[2], kernel, stride);
        var (left, right) = For(input.shape[3], kernel, stride);
        return top == 0 && bottom == 0 && left == 0 && right == 0
            ? input
            : functional.pad(input, [left, right, top, bottom], PaddingModes.Constant, value);
    }
}
