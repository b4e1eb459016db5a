using System.Globalization;

namespace VUnetStream.Cli;

/// <summary>
/// An error nobody anticipated still gets one readable line on the console; the stack trace, which the
/// user needs only to report it, goes to a log file whose path that line gives.
/// </summary>
internal static class CrashLog
{
    public static int Report(Exception error, IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(error);
        string? path = null;
        try
        {
            string folder = Path.Combine(Path.GetTempPath(), "vunet-logs");
            Directory.CreateDirectory(folder);
            path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"vunet-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log"));
            File.WriteAllText(path, $"vunet {string.Join(' ', args)}\n{ProgramVersion.Text}\n{DateTime.UtcNow:O}\n\n{error}\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            path = null;
        }

        string where = path is null ? "(the details could not be written to a log file)" : $"(details: {path})";
        Console.Error.WriteLine($"vunet: unexpected error: {error.GetType().Name}: {FirstLine(error.Message)} {where}");
        return 1;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
