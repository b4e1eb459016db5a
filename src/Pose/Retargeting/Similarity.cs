namespace VUnetStream.Pose.Retargeting;

/// <summary>
/// A uniform scale and a translation between two pixel grids: <c>p' = Scale · p + (OffsetX, OffsetY)</c>
/// (no rotation). How a dancer frame or a photo maps into the model's square, and back.
/// </summary>
public readonly record struct Similarity(float Scale, float OffsetX, float OffsetY)
{
    public static Similarity Identity { get; } = new(1f, 0f, 0f);

    public (float X, float Y) Apply(float x, float y) => (Scale * x + OffsetX, Scale * y + OffsetY);

    /// <summary>The map back: <c>p = (p' − offset) / Scale</c>.</summary>
    public Similarity Inverse()
    {
        if (!(Scale > 0) || !float.IsFinite(Scale))
        {
            throw new InvalidOperationException($"a similarity with scale {Scale} cannot be inverted");
        }

        return new Similarity(1f / Scale, -OffsetX / Scale, -OffsetY / Scale);
    }

    /// <summary>This map followed by <paramref name="next"/>.</summary>
    public Similarity Then(Similarity next) => new(next.Scale * Scale, next.Scale * OffsetX + next.OffsetX, next.Scale * OffsetY + next.OffsetY);
}
