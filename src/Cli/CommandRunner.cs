using System.CommandLine;

namespace VUnetStream.Cli;

/// <summary>
/// Runs the command line and turns expected failures (bad input, missing files, I/O problems) into
/// one clear message and exit code 1 instead of a stack trace; Ctrl-C cancels and exits with 130.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        ParseResult parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("vunet: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            await Console.Error.WriteLineAsync($"vunet: error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static bool IsUserError(Exception ex) =>
        ex is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException
            or InvalidOperationException or NotSupportedException or FormatException;
}
