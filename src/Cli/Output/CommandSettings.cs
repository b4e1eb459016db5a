using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VUnetStream.Cli.Output;

/// <summary>
/// What a JSON result was made with: the program's version, the command, and the value of each of its
/// options (given or defaulted), so a result file says how to make it again without the shell history.
/// </summary>
internal static class CommandSettings
{
    public static JsonObject ToJson(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var settings = new JsonObject();
        foreach (Option option in parse.CommandResult.Command.Options)
        {
            OptionResult? result = parse.GetResult(option);

            // Old spellings (hidden) appear only when the user gave them, under the name they used.
            if (option is HelpOption || (option.Hidden && result is not { Implicit: false }))
            {
                continue;
            }

            object? value = result?.GetValueOrDefault<object?>();
            settings[option.Name.TrimStart('-').Replace('-', '_')] = value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType());
        }

        return new JsonObject
        {
            ["vunet_version"] = ProgramVersion.Text,
            ["command"] = string.Join(' ', CommandNames(parse.CommandResult)),
            ["settings"] = settings,
        };
    }

    private static IEnumerable<string> CommandNames(CommandResult command)
    {
        var names = new Stack<string>();
        for (CommandResult? c = command; c?.Parent is not null; c = c.Parent as CommandResult)
        {
            names.Push(c.Command.Name);
        }

        return names;
    }
}
