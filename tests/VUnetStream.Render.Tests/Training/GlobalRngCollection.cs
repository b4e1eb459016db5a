namespace VUnetStream.Render.Tests.Training;

/// <summary>
/// Tests that compare runs bit for bit. Torch's default generator is process-wide, and xunit runs other
/// test classes in parallel whose model construction and dropout draw from it; this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "torch global generator";
}
