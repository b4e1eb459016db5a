using System.CommandLine;
using VUnetStream.Pose.Estimation;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// The one name for the BlazePose model size in every command: <c>--pose-model lite|full|heavy</c>
/// (it was <c>--model</c> in pose and pose-eval, <c>--models</c> in bench pose; those still work, hidden).
/// </summary>
internal static class PoseModelOption
{
    public const string Default = "full";

    public static RenamedOption<string> Create(params string[] oldNames) => new(
        new Option<string>("--pose-model") { Description = "BlazePose model: lite, full or heavy", DefaultValueFactory = _ => Default },
        oldNames);

    /// <summary>For commands that measure several sizes: a comma-separated list, all three by default.</summary>
    public static RenamedOption<string> CreateList(params string[] oldNames) => new(
        new Option<string>("--pose-model") { Description = "BlazePose models, comma-separated: lite, full, heavy", DefaultValueFactory = _ => "lite,full,heavy" },
        oldNames);

    public static BlazePoseModel[] ParseList(string text) =>
        ListSyntax.Split(text).Select(BlazePoseModelFiles.Parse).ToArray();
}
