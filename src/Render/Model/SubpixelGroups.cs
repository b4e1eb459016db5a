using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// TensorFlow's space_to_depth / depth_to_space with block 2 on NCHW tensors. TensorFlow orders the output
/// channels position-major: channel (dy·2 + dx)·C + c holds x[c, 2i + dy, 2j + dx]. (TorchSharp's
/// pixel_unshuffle is channel-major, c·4 + dy·2 + dx.) The prior's 4 autoregressive groups are the 4
/// sub-pixel positions in this order: group k = position (dy, dx) = (k / 2, k % 2).
/// </summary>
internal static class SubpixelGroups
{
    public const int GroupCount = 4;

    /// <summary>[N, C, H, W] → [N, 4C, H/2, W/2], position-major channels.</summary>
    public static Tensor SpaceToDepth(Tensor x)
    {
        (long n, long c, long h, long w) = Shape4(x);
        if (h % 2 != 0 || w % 2 != 0)
        {
            throw new ArgumentException($"space-to-depth needs even height and width, got {h}x{w}");
        }

        return x.reshape(n, c, h / 2, 2, w / 2, 2).permute(0, 3, 5, 1, 2, 4).reshape(n, 4 * c, h / 2, w / 2);
    }

    /// <summary>[N, 4C, h, w] → [N, C, 2h, 2w], inverse of <see cref="SpaceToDepth"/>.</summary>
    public static Tensor DepthToSpace(Tensor x)
    {
        (long n, long c4, long h, long w) = Shape4(x);
        if (c4 % 4 != 0)
        {
            throw new ArgumentException($"depth-to-space needs a multiple of 4 channels, got {c4}");
        }

        long c = c4 / 4;
        return x.reshape(n, 2, 2, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, c, 2 * h, 2 * w);
    }

    /// <summary>The 4 sub-pixel groups of a latent [N, C, H, W], each [N, C, H/2, W/2], in TensorFlow's order.</summary>
    public static Tensor[] Split(Tensor z) => SpaceToDepth(z).chunk(GroupCount, 1);

    /// <summary>Reassembles 4 groups into [N, C, H, W]; inverse of <see cref="Split"/>.</summary>
    public static Tensor Merge(IReadOnlyList<Tensor> groups)
    {
        if (groups.Count != GroupCount)
        {
            throw new ArgumentException($"expected {GroupCount} groups, got {groups.Count}");
        }

        return DepthToSpace(cat([.. groups], 1));
    }

    private static (long N, long C, long H, long W) Shape4(Tensor x)
    {
        if (x.dim() != 4)
        {
            throw new ArgumentException($"expected a 4-d tensor [N, C, H, W], got [{string.Join(", ", x.shape)}]");
        }

        return (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
    }
}
