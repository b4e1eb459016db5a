using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VUnetStream.Render.Model;

/// <summary>
/// The prior p(z | ŷ) at one latent scale, as the official decoder builds it: the latent grid is split into
/// 4 groups by space-to-depth(2) (TensorFlow's position-major order, see <see cref="SubpixelGroups"/>).
/// Features f₀ = space_to_depth(resblock(h)); group k's mean is conv3x3(f_k); f_(k+1) = resblock(f_k, z_k)
/// sees groups 0..k. Standard deviation is fixed at 1. In training the groups z_k fed back are the
/// posterior's (teacher forcing); when sampling they are the prior's own samples μ_k + ε.
/// This is where most parameters live (the blocks work on 4C channels) but the grids are tiny.
/// </summary>
internal sealed class AutoregressivePrior : Module<Tensor, Tensor?, (Tensor Mean, Tensor Z)>
{
    private readonly ResidualBlock features;
    private readonly ModuleList<WeightNormConv2d> means;
    private readonly ModuleList<ResidualBlock> feedback;

    public AutoregressivePrior(string name, long channels, double dropout)
        : base(name)
    {
        long grouped = SubpixelGroups.GroupCount * channels;
        features = new ResidualBlock("features", channels, 0, dropout);
        means = new ModuleList<WeightNormConv2d>(
            Enumerable.Range(0, SubpixelGroups.GroupCount).Select(k => new WeightNormConv2d($"mean{k}", grouped, channels, kernelSize: 3)).ToArray());
        feedback = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, SubpixelGroups.GroupCount - 1).Select(k => new ResidualBlock($"feedback{k}", grouped, channels, dropout)).ToArray());
        RegisterComponents();
    }

    /// <summary>Teacher-forced prior means (when <paramref name="teacher"/> is given) or a prior sample from the global RNG.</summary>
    public override (Tensor Mean, Tensor Z) forward(Tensor h, Tensor? teacher) => Run(h, teacher, null);

    /// <summary>
    /// Runs the 4 groups. With <paramref name="teacher"/> [N, C, H, W] the fed-back groups are its groups and
    /// the returned Z is the teacher; without, each group is sampled μ_k + ε (ε from <paramref name="generator"/>).
    /// </summary>
    public (Tensor Mean, Tensor Z) Run(Tensor h, Tensor? teacher, Generator? generator)
    {
        Tensor f = SubpixelGroups.SpaceToDepth(features.call(h, null));
        Tensor[]? teacherGroups = teacher is null ? null : SubpixelGroups.Split(teacher);
        var groupMeans = new Tensor[SubpixelGroups.GroupCount];
        var groupZ = new Tensor[SubpixelGroups.GroupCount];
        for (int k = 0; k < SubpixelGroups.GroupCount; k++)
        {
            groupMeans[k] = means[k].call(f);
            groupZ[k] = teacherGroups is not null
                ? teacherGroups[k]
                : groupMeans[k].add(randn(groupMeans[k].shape, groupMeans[k].dtype, groupMeans[k].device, generator: generator));
            if (k + 1 < SubpixelGroups.GroupCount)
            {
                f = feedback[k].call(f, groupZ[k]);
            }
        }

        return (SubpixelGroups.Merge(groupMeans), teacher ?? SubpixelGroups.Merge(groupZ));
    }
}
