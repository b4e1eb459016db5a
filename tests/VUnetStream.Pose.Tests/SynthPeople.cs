using VUnetStream.Synth.Output;
using VUnetStream.Synth.Rendering;

namespace VUnetStream.Pose.Tests;

/// <summary>Synthetic photos with exact person masks, rendered in memory exactly as <c>vunet synth dataset</c> writes them.</summary>
internal static class SynthPeople
{
    /// <summary>The first <paramref name="count"/> images of the dataset of seed 5 (the one measured in the README), at <paramref name="size"/>².</summary>
    public static IReadOnlyList<RenderedPerson> Render(int count, int size = 256)
    {
        DatasetPlan plan = DatasetPlan.Create(new DatasetOptions { OutDir = "unused", People = 3, Poses = 2, Size = size, Seed = 5 });
        return plan.Images.Take(count).Select(image => DatasetGenerator.RenderImage(plan, image, size)).ToArray();
    }
}
