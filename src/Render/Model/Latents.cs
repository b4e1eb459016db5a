using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// An appearance code z: one tensor [N, C, H, W] per latent scale, coarsest first (4×4×128 then 8×8×128 for the
/// reference 256² model). Owns its tensors; dispose it (or move it out of a dispose scope) like a tensor.
/// </summary>
public sealed class Latents : IDisposable
{
    private readonly Tensor[] _scales;

    public Latents(IReadOnlyList<Tensor> scales)
    {
        ArgumentNullException.ThrowIfNull(scales);
        if (scales.Count == 0)
        {
            throw new ArgumentException("latents need at least one scale", nameof(scales));
        }

        long batch = scales[0].shape[0];
        if (scales.Any(s => s.dim() != 4 || s.shape[0] != batch))
        {
            throw new ArgumentException("every latent scale must be [N, C, H, W] with the same N", nameof(scales));
        }

        _scales = [.. scales];
    }

    /// <summary>The per-scale tensors, coarsest first.</summary>
    public IReadOnlyList<Tensor> Scales => _scales;

    public long BatchSize => _scales[0].shape[0];

    /// <summary>The latents of items [start, start + length) of the batch (views).</summary>
    public Latents Slice(long start, long length) => new(_scales.Select(s => s.narrow(0, start, length)).ToArray());

    /// <summary>Repeats a batch-1 code <paramref name="batch"/> times (e.g. one appearance for many poses).</summary>
    public Latents Expand(long batch)
    {
        if (BatchSize == batch)
        {
            return new Latents(_scales.Select(s => s.alias()).ToArray());
        }

        if (BatchSize != 1)
        {
            throw new ArgumentException($"only a batch of one appearance can be expanded, this has {BatchSize}");
        }

        return new Latents(_scales.Select(s => s.expand(batch, -1, -1, -1)).ToArray());
    }

    /// <summary>Concatenates several codes along the batch.</summary>
    public static Latents Concat(IReadOnlyList<Latents> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("nothing to concatenate", nameof(items));
        }

        return new Latents(Enumerable.Range(0, items[0]._scales.Length)
            .Select(i => cat(items.Select(l => l._scales[i]).ToArray(), 0))
            .ToArray());
    }

    /// <summary>A detached copy with another dtype/device (e.g. bfloat16 for fast inference).</summary>
    public Latents To(ScalarType dtype, Device? device = null) =>
        new(_scales.Select(s => s.detach().to(dtype, device ?? s.device)).ToArray());

    public Latents MoveToOuterDisposeScope()
    {
        foreach (Tensor t in _scales)
        {
            t.MoveToOuterDisposeScope();
        }

        return this;
    }

    public Latents DetachFromDisposeScope()
    {
        foreach (Tensor t in _scales)
        {
            t.DetachFromDisposeScope();
        }

        return this;
    }

    public void Dispose()
    {
        foreach (Tensor t in _scales)
        {
            t.Dispose();
        }
    }
}
