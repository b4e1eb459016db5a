namespace VUnetStream.Synth.People;

/// <summary>
/// Lower-case names of the appearance choices as written in files and accepted on the command line,
/// with parsing that names the valid choices when a name is unknown.
/// </summary>
public static class SynthNames
{
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Name).ToArray();

    /// <summary>Parses a name (case-insensitive); <paramref name="what"/> says what it names in the error.</summary>
    public static TEnum Parse<TEnum>(string text, string what)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        string wanted = text.Trim().ToLowerInvariant();
        foreach (TEnum value in Enum.GetValues<TEnum>())
        {
            if (Name(value) == wanted)
            {
                return value;
            }
        }

        throw new ArgumentException($"unknown {what} '{text}' (expected one of: {string.Join(", ", All<TEnum>())})");
    }

    /// <summary>Parses a comma-separated list of names, e.g. <c>plain,stripes</c>.</summary>
    public static IReadOnlyList<TEnum> ParseList<TEnum>(string text, string what)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            throw new ArgumentException($"empty list of {what}s (expected names from: {string.Join(", ", All<TEnum>())})");
        }

        return items.Select(i => Parse<TEnum>(i, what)).Distinct().ToArray();
    }
}
