using System.Reflection;

namespace VUnetStream.Cli;

/// <summary>The program's version as the build stamped it (with the source revision when the build knew it).</summary>
internal static class ProgramVersion
{
    public static string Text { get; } =
        typeof(ProgramVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ProgramVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
