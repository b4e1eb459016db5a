using System.CommandLine;
using VUnetStream.Application.Diagnostics;

namespace VUnetStream.Cli.Commands;

/// <summary><c>vunet check</c>: proves the native pieces (TorchSharp, OpenCV, ffmpeg) load on this machine.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "Check that TorchSharp, OpenCvSharp and ffmpeg load and work on this machine.");
        command.SetAction(_ =>
        {
            IReadOnlyList<ComponentCheck> checks = EnvironmentChecks.RunAll();
            foreach (ComponentCheck check in checks)
            {
                Console.WriteLine($"  {(check.Ok ? "ok  " : "FAIL")}  {check.Name,-12} {check.Detail}");
            }

            return checks.All(c => c.Ok) ? 0 : 1;
        });
        return command;
    }
}
