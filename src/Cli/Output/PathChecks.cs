using VUnetStream.Core.IO;

namespace VUnetStream.Cli.Output;

/// <summary>Shorthands for the commands' up-front output checks (see <see cref="OutputGuard"/>).</summary>
internal static class PathChecks
{
    /// <summary>Inputs the user gave; options left out (null) are skipped.</summary>
    public static IEnumerable<NamedPath> Inputs(params (string Name, string? Path)[] inputs) =>
        inputs.Where(i => i.Path is not null).Select(i => new NamedPath(i.Name, i.Path!));

    /// <summary>Refuses outputs that would replace an input, each other, or (without overwrite) something existing.</summary>
    public static void Check(IEnumerable<NamedPath> inputs, bool overwrite, params NamedOutput?[] outputs) =>
        OutputGuard.Check(outputs.OfType<NamedOutput>(), inputs, overwrite);
}
