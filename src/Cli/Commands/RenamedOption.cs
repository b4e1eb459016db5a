using System.CommandLine;
using System.CommandLine.Parsing;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// An option under its current name plus its old spellings, hidden from --help, so command lines and
/// scripts written before the names were unified keep working.
/// </summary>
internal sealed class RenamedOption<T>
{
    public RenamedOption(Option<T> current, params string[] oldNames)
    {
        Current = current;
        Old = oldNames.Select(name => new Option<T>(name)
        {
            Hidden = true,
            Description = $"old name of {current.Name}",
            AllowMultipleArgumentsPerToken = current.AllowMultipleArgumentsPerToken,
        }).ToArray();
    }

    public Option<T> Current { get; }

    public IReadOnlyList<Option<T>> Old { get; }

    /// <summary>Adds the current option and the hidden old ones to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Current);
        foreach (Option<T> old in Old)
        {
            command.Options.Add(old);
        }
    }

    /// <summary>The value given under any of the names (an old name given explicitly wins over the current one's default).</summary>
    public T? Value(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        foreach (Option<T> old in Old)
        {
            if (parse.GetResult(old) is OptionResult { Implicit: false })
            {
                return parse.GetValue(old);
            }
        }

        return parse.GetValue(Current);
    }
}
