using static TorchSharp.torch;

namespace VUnetStream.Render.Model;

/// <summary>
/// The training forward's results: the reconstruction x̂ [N, 3, H, W] (no tanh; clip only to display),
/// the KL term KL = Σ_scales mean_batch Σ_(c,h,w) ½(μq − μp)² (a scalar), its per-scale parts, and the
/// posterior/prior means (coarsest first).
/// </summary>
public sealed class VUnetOutput : IDisposable
{
    public VUnetOutput(Tensor reconstruction, Tensor kl, Tensor[] klPerScale, Latents posteriorMeans, Latents priorMeans)
    {
        Reconstruction = reconstruction;
        Kl = kl;
        KlPerScale = klPerScale;
        PosteriorMeans = posteriorMeans;
        PriorMeans = priorMeans;
    }

    public Tensor Reconstruction { get; }

    public Tensor Kl { get; }

    public IReadOnlyList<Tensor> KlPerScale { get; }

    public Latents PosteriorMeans { get; }

    public Latents PriorMeans { get; }

    internal VUnetOutput MoveToOuterDisposeScope()
    {
        Reconstruction.MoveToOuterDisposeScope();
        Kl.MoveToOuterDisposeScope();
        foreach (Tensor t in KlPerScale)
        {
            t.MoveToOuterDisposeScope();
        }

        PosteriorMeans.MoveToOuterDisposeScope();
        PriorMeans.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Reconstruction.Dispose();
        Kl.Dispose();
        foreach (Tensor t in KlPerScale)
        {
            t.Dispose();
        }

        PosteriorMeans.Dispose();
        PriorMeans.Dispose();
    }
}
