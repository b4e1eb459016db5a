using System.CommandLine;
using System.CommandLine.Invocation;

namespace VUnetStream.Cli;

/// <summary>
/// Runs the command line. Usage mistakes get plain words, the command's usage line and exit code 2
/// (<see cref="UsageErrors"/>); expected failures (bad input, missing files, I/O problems) one clear
/// message and exit code 1; anything else one line and a log file (<see cref="CrashLog"/>).
/// SIGINT/SIGTERM cancel the command (see <see cref="StopSignals"/>).
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return UsageErrors.Report(parse, parse.Errors.Select(e => e.Message));
        }

        using StopSignals? signals = parse.Action is AsynchronousCommandLineAction ? new StopSignals() : null;
        try
        {
            // System.CommandLine's own signal handling would return after a timeout while the command is
            // still cleaning up; StopSignals cancels the command and lets it finish its cleanup instead.
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            int code = await parse.InvokeAsync(configuration, signals?.Token ?? CancellationToken.None).ConfigureAwait(false);
            return signals?.ExitCode ?? code;
        }
        catch (Exception ex) when (ex is OperationCanceledException || signals?.ExitCode is not null)
        {
            // After Ctrl-C in a terminal ffmpeg gets the signal too and may fail first; the user's stop is what happened.
            await Console.Error.WriteLineAsync("vunet: cancelled").ConfigureAwait(false);
            return signals?.ExitCode ?? 130;
        }
        catch (ArgumentException ex) when (ex is not ArgumentNullException)
        {
            // A value the parser accepted but the command cannot use (an unknown layout, a batch of 0).
            return UsageErrors.Report(parse, [ex.Message]);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            await Console.Error.WriteLineAsync($"vunet: error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex)
        {
            return CrashLog.Report(ex, args);
        }
    }

    private static bool IsUserError(Exception ex) =>
        ex is IOException or InvalidDataException or UnauthorizedAccessException
            or InvalidOperationException or NotSupportedException or FormatException;
}
