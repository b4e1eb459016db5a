using System.Globalization;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Output;

/// <summary>Parameters of <c>vunet synth dataset</c>.</summary>
public sealed record DatasetOptions
{
    public required string OutDir { get; init; }

    public required int People { get; init; }

    /// <summary>Poses (images) per person.</summary>
    public required int Poses { get; init; }

    /// <summary>Width and height of the square images.</summary>
    public int Size { get; init; } = 128;

    public int Seed { get; init; } = 1;

    /// <summary>Share of the people that go to the test split (at least 2 people go there).</summary>
    public double TestFraction { get; init; } = 0.2;

    public bool Overwrite { get; init; }

    /// <summary>Shirt patterns to draw from (all when null).</summary>
    public IReadOnlyList<ShirtPattern>? Patterns { get; init; }

    /// <summary>Background kinds to draw from (all when null).</summary>
    public IReadOnlyList<BackgroundKind>? Backgrounds { get; init; }

    public const int MinSize = 32;
    public const int MaxSize = 2048;
    public const int MaxPeople = 100_000;
    public const int MaxPoses = 1000;

    /// <summary>People in the test split: the test fraction, but at least 2 (transfer pairs need two people) and leaving 1 for training.</summary>
    public int TestPeople => Math.Clamp((int)Math.Round(People * TestFraction), 2, Math.Max(2, People - 1));

    /// <summary>Throws <see cref="ArgumentException"/> with a message naming the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutDir))
        {
            throw new ArgumentException("--out must name an output folder");
        }

        if (People < 3 || People > MaxPeople)
        {
            throw new ArgumentException(Invariant($"--people {People} must be between 3 and {MaxPeople} (the test split needs 2 people for transfer pairs, training at least 1)"));
        }

        if (Poses < 2 || Poses > MaxPoses)
        {
            throw new ArgumentException(Invariant($"--poses {Poses} must be between 2 and {MaxPoses} (pairs need two poses of a person)"));
        }

        if (Size < MinSize || Size > MaxSize)
        {
            throw new ArgumentException(Invariant($"--size {Size} must be between {MinSize} and {MaxSize} pixels"));
        }

        if (!(TestFraction > 0 && TestFraction < 1))
        {
            throw new ArgumentException(Invariant($"--test-fraction {TestFraction} must be between 0 and 1 (exclusive)"));
        }

        if (Patterns is { Count: 0 } || Backgrounds is { Count: 0 })
        {
            throw new ArgumentException("the lists of patterns and backgrounds must not be empty");
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
