using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// bfloat16 convolutions inside a float32 training step, as autocast does it (TorchSharp 0.107 has no autocast):
/// while a scope is open on a thread, the VUNet's convolutions and the loss network run on bfloat16 copies of
/// their inputs and weights and hand float32 results back. The parameters, Adam's state, the losses and
/// every element-wise operation stay in float32; the casts are part of the autograd graph, so the backward
/// convolutions run in bfloat16 too and the gradients reach the float32 parameters.
/// </summary>
public static class MixedPrecision
{
    [ThreadStatic]
    private static ScalarType? t_compute;

    /// <summary>The reduced type convolutions compute in on this thread, or null (plain float32).</summary>
    public static ScalarType? ConvolutionType => t_compute;

    /// <summary>Opens a scope on this thread (null or float32: no change); dispose it to close.</summary>
    public static IDisposable Enter(ScalarType? compute)
    {
        ScalarType? before = t_compute;
        t_compute = compute is ScalarType.Float32 ? null : compute;
        return new Scope(before);
    }

    /// <summary>A float32 tensor as the scope's reduced type (the same tensor outside a scope or when it is not float32).</summary>
    internal static Tensor Reduce(Tensor x) =>
        t_compute is ScalarType reduced && x.dtype == ScalarType.Float32 ? x.to(reduced) : x;

    private sealed class Scope(ScalarType? before) : IDisposable
    {
        public void Dispose() => t_compute = before;
    }
}
