namespace VUnetStream.Synth.People;

/// <summary>Draws plausible, varied appearances: realistic skin and hair colours, everyday clothes.</summary>
internal static class AppearanceSampler
{
    // Skin tones from very light to very dark (sRGB).
    private static readonly Rgb[] SkinTones =
    [
        new(255, 224, 200), new(246, 206, 178), new(234, 190, 160), new(224, 172, 130), new(198, 144, 104),
        new(170, 116, 78), new(141, 90, 58), new(110, 68, 44), new(84, 52, 36), new(62, 40, 30),
    ];

    private static readonly Rgb[] NaturalHair =
    [
        new(22, 18, 18), new(40, 28, 22), new(62, 42, 30), new(96, 64, 40), new(140, 100, 62),
        new(196, 160, 104), new(226, 198, 140), new(140, 58, 30), new(168, 164, 158), new(226, 222, 214),
    ];

    private static readonly Rgb[] Neutrals =
    [
        new(30, 30, 34), new(240, 240, 236), new(128, 128, 132), new(36, 44, 80), new(200, 184, 150),
        new(90, 70, 56), new(70, 90, 70), new(180, 40, 40),
    ];

    private static readonly Rgb[] Denims = [new(50, 72, 112), new(70, 98, 140), new(36, 46, 70), new(110, 136, 170)];

    private static readonly Rgb[] ShoeColors =
    [
        new(245, 245, 245), new(25, 25, 25), new(92, 58, 36), new(128, 128, 128), new(180, 40, 40), new(40, 60, 120),
    ];

    /// <summary>Samples an appearance. <paramref name="patterns"/> restricts the shirt patterns (all if null).</summary>
    public static Appearance Sample(Random rng, IReadOnlyList<ShirtPattern>? patterns = null, IReadOnlyList<BackgroundKind>? backgrounds = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Rgb skin = rng.Pick(SkinTones).Jitter(rng, 0.03);
        Rgb hair = rng.Chance(0.08) ? Rgb.FromHsv(rng.Uniform(0, 360), rng.Uniform(0.5, 0.8), rng.Uniform(0.45, 0.8)) : rng.Pick(NaturalHair).Jitter(rng, 0.03);
        HairStyle hairStyle = (HairStyle)rng.PickWeighted([0.8, 1.6, 1.2, 1.4, 1.0, 0.6, 0.8]);

        Rgb shirt = ClothColor(rng);
        ShirtPattern pattern = patterns is { Count: > 0 } ? rng.Pick(patterns) : (ShirtPattern)rng.PickWeighted([1.6, 1.0, 1.0, 0.7, 0.9]);
        Rgb accent = Contrasting(rng, shirt);

        LegWear legWear = (LegWear)rng.PickWeighted([2.2, 0.9, 1.0]);
        double legLength = legWear switch
        {
            LegWear.Trousers => rng.Uniform(0.88, 1.0),
            LegWear.Shorts => rng.Uniform(0.3, 0.48),
            _ => rng.Uniform(0.3, 0.78),
        };
        Rgb legs = legWear == LegWear.Trousers && rng.Chance(0.45) ? rng.Pick(Denims).Jitter(rng, 0.03) : ClothColor(rng);
        if (legs.DistanceTo(shirt) < 60)
        {
            legs = Contrasting(rng, shirt);
        }

        double sleeve = rng.PickWeighted([0.8, 1.6, 0.5, 0.5, 1.5]) switch
        {
            0 => 0.0,
            1 => rng.Uniform(0.25, 0.38),
            2 => rng.Uniform(0.5, 0.55),
            3 => rng.Uniform(0.7, 0.8),
            _ => 1.0,
        };

        return new Appearance
        {
            Skin = skin,
            Hair = hair,
            HairStyle = hairStyle,
            Shirt = shirt,
            ShirtPattern = pattern,
            ShirtAccent = accent,
            Print = (PrintShape)rng.Next(Enum.GetValues<PrintShape>().Length),
            SleeveLength = sleeve,
            LegWear = legWear,
            Legs = legs,
            LegLength = legLength,
            Shoes = rng.Pick(ShoeColors).Jitter(rng, 0.03),
            Build = rng.Uniform(0.88, 1.18),
            Background = SampleBackground(rng, [shirt, legs, skin], backgrounds),
        };
    }

    private static Rgb ClothColor(Random rng) => rng.Chance(0.35)
        ? rng.Pick(Neutrals).Jitter(rng, 0.04)
        : Rgb.FromHsv(rng.Uniform(0, 360), rng.Uniform(0.35, 0.9), rng.Uniform(0.35, 0.95));

    /// <summary>A colour clearly different from <paramref name="baseColor"/>, so patterns stay visible.</summary>
    private static Rgb Contrasting(Random rng, Rgb baseColor)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            Rgb candidate = rng.Chance(0.4)
                ? (baseColor.Luma > 128 ? new Rgb(30, 30, 36) : new Rgb(242, 242, 238))
                : ClothColor(rng);
            if (candidate.DistanceTo(baseColor) > 110)
            {
                return candidate;
            }
        }

        return baseColor.Luma > 128 ? new Rgb(20, 20, 24) : new Rgb(250, 250, 250);
    }

    private static Background SampleBackground(Random rng, IReadOnlyList<Rgb> avoid, IReadOnlyList<BackgroundKind>? kinds)
    {
        BackgroundKind kind = kinds is { Count: > 0 } ? rng.Pick(kinds) : (BackgroundKind)rng.PickWeighted([1.0, 1.2, 1.2]);
        Rgb color = default;
        for (int attempt = 0; attempt < 30; attempt++)
        {
            // Mostly light, muted backdrops like studio and street photos; a few dark or colourful ones.
            color = rng.Chance(0.75)
                ? Rgb.FromHsv(rng.Uniform(0, 360), rng.Uniform(0.03, 0.3), rng.Uniform(0.62, 0.95))
                : Rgb.FromHsv(rng.Uniform(0, 360), rng.Uniform(0.2, 0.6), rng.Uniform(0.25, 0.6));
            if (avoid.All(c => c.DistanceTo(color) > 70))
            {
                break;
            }
        }

        Rgb color2 = Rgb.Lerp(color, rng.Chance(0.5) ? new Rgb(0, 0, 0) : new Rgb(255, 255, 255), rng.Uniform(0.15, 0.4)).Jitter(rng, 0.04);
        return new Background(kind, color, color2, (BackgroundTexture)rng.Next(3), rng.Next());
    }
}
