using VUnetStream.Synth.Body;

namespace VUnetStream.Synth.People;

/// <summary>One synthetic person: how they look and how their bones are proportioned.</summary>
public sealed record SynthPerson(int Id, Appearance Appearance, BodyProportions Body)
{
    /// <summary>Person <paramref name="id"/> of the population defined by <paramref name="seed"/> and <paramref name="stream"/>.</summary>
    public static SynthPerson Sample(int seed, string stream, int id, IReadOnlyList<ShirtPattern>? patterns = null, IReadOnlyList<BackgroundKind>? backgrounds = null)
    {
        Random rng = Seeds.Random(seed, stream, id);
        Appearance look = AppearanceSampler.Sample(rng, patterns, backgrounds);
        return new SynthPerson(id, look, BodyProportions.Sample(rng));
    }
}
