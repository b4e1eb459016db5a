using System.CommandLine;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet synth clip|dataset</c>: the synthetic dancer generator (being built).</summary>
internal static class SynthCommand
{
    public static Command Create() => new("synth", "Generate synthetic dancers with exact ground truth.");

    public static Task<int> RunClipAsync(string outDir, int seed, double seconds, int size, double fps, bool overwrite, CancellationToken cancellationToken)
    {
        _ = (outDir, seed, seconds, size, fps, overwrite, cancellationToken);
        throw new NotSupportedException("synth clip is not built yet");
    }
}
