namespace VUnetStream.Synth.People;

/// <summary>How the hair is cut; decides which part of the head it covers and any extra volume.</summary>
public enum HairStyle
{
    Buzz,
    Short,
    Bob,
    Long,
    Ponytail,
    Bun,
    Curly,
}

/// <summary>The shirt's pattern, drawn in the shirt's accent colour.</summary>
public enum ShirtPattern
{
    Plain,
    Stripes,
    Checks,
    Dots,
    Print,
}

/// <summary>The graphic on the chest of a <see cref="ShirtPattern.Print"/> shirt (visible from the front only).</summary>
public enum PrintShape
{
    Circle,
    Star,
    Diamond,
    Band,
}

/// <summary>What covers the legs.</summary>
public enum LegWear
{
    Trousers,
    Shorts,
    Skirt,
}

public enum BackgroundKind
{
    Plain,
    Gradient,
    Textured,
}

public enum BackgroundTexture
{
    Plaster,
    Bricks,
    Tiles,
}
