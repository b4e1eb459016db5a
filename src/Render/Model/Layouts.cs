using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>Memory layouts of 4-d tensors (TorchSharp has no memory_format argument; strides say it to libtorch).</summary>
public static class Layouts
{
    /// <summary>
    /// The same [N, C, H, W] values stored pixel by pixel (NHWC strides): libtorch's suggest_memory_format
    /// reads these strides as channels-last, and convs then keep that layout in their outputs.
    /// </summary>
    public static Tensor ChannelsLast(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 4)
        {
            throw new ArgumentException($"channels-last needs a 4-d tensor, got [{string.Join(", ", x.shape)}]");
        }

        using Tensor nhwc = x.permute(0, 2, 3, 1).contiguous();
        return nhwc.permute(0, 3, 1, 2);
    }

    /// <summary>True when <paramref name="x"/> is stored channels-last (channel stride 1).</summary>
    public static bool IsChannelsLast(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.dim() == 4 && x.shape[1] > 1 && x.stride(1) == 1;
    }
}
