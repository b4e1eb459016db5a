using System.Globalization;

namespace VUnetStream.Synth.People;

/// <summary>The backdrop behind a person.</summary>
public sealed record Background(BackgroundKind Kind, Rgb Color, Rgb Color2, BackgroundTexture Texture, int TextureSeed);

/// <summary>
/// Everything about how a person looks, independent of pose: skin, hair, clothes, build and the
/// backdrop they are photographed against. Rendering the same appearance on different skeletons gives
/// the same person in different poses, which is the ground truth for appearance transfer.
/// </summary>
public sealed record Appearance
{
    public required Rgb Skin { get; init; }

    public required Rgb Hair { get; init; }

    public required HairStyle HairStyle { get; init; }

    public required Rgb Shirt { get; init; }

    public ShirtPattern ShirtPattern { get; init; } = ShirtPattern.Plain;

    /// <summary>Colour of the stripes, checks, dots or print.</summary>
    public Rgb ShirtAccent { get; init; } = new(255, 255, 255);

    public PrintShape Print { get; init; } = PrintShape.Circle;

    /// <summary>How far the sleeves reach from shoulder (0, sleeveless) to wrist (1, long sleeves).</summary>
    public required double SleeveLength { get; init; }

    public required LegWear LegWear { get; init; }

    /// <summary>Colour of the trousers, shorts or skirt.</summary>
    public required Rgb Legs { get; init; }

    /// <summary>How far the trousers, shorts or skirt reach from the hip (0) to the ankle (1).</summary>
    public required double LegLength { get; init; }

    public required Rgb Shoes { get; init; }

    /// <summary>Girth of torso and limbs relative to average (0.85 slim … 1.2 heavy).</summary>
    public double Build { get; init; } = 1.0;

    public required Background Background { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        Check(SleeveLength, 0, 1, "sleeve length");
        Check(LegLength, 0.2, 1, "leg wear length");
        Check(Build, 0.7, 1.4, "build");
        if (LegWear == LegWear.Skirt && LegLength > 0.95)
        {
            throw new ArgumentException($"skirt length {LegLength.ToString(CultureInfo.InvariantCulture)} must be at most 0.95 of the leg");
        }
    }

    /// <summary>Column names of <see cref="CsvFields"/>, for people.csv.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "skin", "hair_color", "hair_style", "shirt_color", "shirt_pattern", "shirt_accent", "print", "sleeve_length",
        "legwear", "legwear_color", "legwear_length", "shoe_color", "build",
        "background", "background_color", "background_color2", "background_texture", "background_seed",
    ];

    /// <summary>The parameters as CSV fields, in the order of <see cref="CsvColumns"/>.</summary>
    public IReadOnlyList<string> CsvFields() =>
    [
        Skin.ToHex(), Hair.ToHex(), SynthNames.Name(HairStyle), Shirt.ToHex(), SynthNames.Name(ShirtPattern),
        ShirtAccent.ToHex(), SynthNames.Name(Print), F(SleeveLength),
        SynthNames.Name(LegWear), Legs.ToHex(), F(LegLength), Shoes.ToHex(), F(Build),
        SynthNames.Name(Background.Kind), Background.Color.ToHex(), Background.Color2.ToHex(),
        SynthNames.Name(Background.Texture), Background.TextureSeed.ToString(CultureInfo.InvariantCulture),
    ];

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static void Check(double value, double low, double high, string name)
    {
        if (!(value >= low && value <= high))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name} {value} is outside [{low}, {high}]"));
        }
    }
}
