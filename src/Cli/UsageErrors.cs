using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace VUnetStream.Cli;

/// <summary>
/// Command-line mistakes reported the way a user can act on them: the problem in plain words, the
/// command's usage line and where the full help is, on standard error, with exit code 2 (the shell's
/// convention for usage errors, so scripts can tell them from a job that failed).
/// </summary>
internal static partial class UsageErrors
{
    public const int ExitCode = 2;

    public static int Report(ParseResult parse, IEnumerable<string> problems)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string path = CommandPath(parse.CommandResult);
        foreach (string problem in problems)
        {
            Console.Error.WriteLine($"{path}: {Plain(problem)}");
        }

        Console.Error.WriteLine($"usage: {UsageLine(parse.CommandResult)}");
        Console.Error.WriteLine($"(all options: {path} --help)");
        return ExitCode;
    }

    /// <summary><c>vunet transfer-video --video VIDEO --photo PHOTO --out OUT [options]</c>: the required options, then the rest.</summary>
    public static string UsageLine(CommandResult command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parts = new List<string> { CommandPath(command) };
        Command symbol = command.Command;
        if (symbol.Subcommands.Count > 0 && symbol.Action is null)
        {
            parts.Add("COMMAND");
        }

        foreach (Option option in symbol.Options.Where(o => o.Required && !o.Hidden))
        {
            parts.Add($"{option.Name} {option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant()}");
        }

        parts.Add("[options]");
        return string.Join(' ', parts);
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new Stack<string>();
        for (CommandResult? c = command; c is not null; c = c.Parent as CommandResult)
        {
            names.Push(c.Parent is null ? "vunet" : c.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>System.CommandLine's messages name .NET types ("as expected type 'System.Int32'"); users need the kind of value.</summary>
    private static string Plain(string message) =>
        ExpectedType().Replace(message, m => m.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.Int32[]" => "a whole number",
            "System.Double" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            var other => other.Split('.')[^1].ToLowerInvariant(),
        } is var kind ? $"as {kind}" : m.Value);

    [GeneratedRegex(@"as expected type '(?<type>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectedType();
}
