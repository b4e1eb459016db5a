using System.Globalization;

namespace VUnetStream.Cli.Commands;

/// <summary>The one list syntax of every option that takes several values: comma-separated, spaces around items ignored.</summary>
internal static class ListSyntax
{
    public static string[] Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static int[] PositiveIntegers(string text, string option)
    {
        int[] values = Split(text)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v
                : throw new ArgumentException($"{option}: '{s}' is not a positive whole number (give a comma-separated list, e.g. 1,4,8)"))
            .ToArray();
        return values.Length > 0 ? values : throw new ArgumentException($"{option} needs at least one value");
    }
}
