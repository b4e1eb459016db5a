using VUnetStream.Render.Experiments;

namespace VUnetStream.Render.Tests.Experiments;

public sealed class AppearanceRetrievalTests
{
    // Three people, two truth images each: reddish, greenish and bluish clothes, slightly different per image.
    private static readonly (string Person, MeanRgb Colour)[] s_truths =
    [
        ("ann", new MeanRgb(200, 40, 40)), ("ann", new MeanRgb(190, 50, 45)),
        ("bob", new MeanRgb(40, 200, 40)), ("bob", new MeanRgb(50, 190, 35)),
        ("cat", new MeanRgb(40, 40, 200)), ("cat", new MeanRgb(45, 55, 190)),
    ];

    [Fact]
    public void Top1_OutputsInTheirPersonsColours_FindTheirPerson_AndChanceIsOneOverPeople()
    {
        PartColours[] truths = [.. s_truths.Select(t => Uniform(t.Colour))];
        string[] people = [.. s_truths.Select(t => t.Person)];

        // Outputs a little off their truth, but nearer to it than to anyone else.
        PartColours[] outputs = [.. s_truths.Select(t => Uniform(t.Colour with { R = t.Colour.R + 15, B = t.Colour.B - 10 }))];
        RetrievalResult result = AppearanceRetrieval.Top1(outputs, people, truths, people, PartColours.Distance);
        Assert.Equal(1.0, result.Top1);
        Assert.Equal(1.0 / 3, result.Chance, 12);
        Assert.Equal((6, 3), (result.Queries, result.People));

        // Ann's first output rendered in Cat's colours: one miss out of six.
        outputs[0] = Uniform(new MeanRgb(42, 45, 198));
        Assert.Equal(5.0 / 6, AppearanceRetrieval.Top1(outputs, people, truths, people, PartColours.Distance).Top1, 12);
    }

    [Fact]
    public void Top1_OutputsThatIgnoreAppearance_ScoreChance()
    {
        PartColours[] truths = [.. s_truths.Select(t => Uniform(t.Colour))];
        string[] people = [.. s_truths.Select(t => t.Person)];
        // A model ignoring z paints everyone alike: every query lands on the same truth.
        PartColours grey = Uniform(new MeanRgb(95, 95, 95));
        PartColours[] outputs = [.. s_truths.Select(_ => grey)];
        RetrievalResult result = AppearanceRetrieval.Top1(outputs, people, truths, people, PartColours.Distance);
        Assert.Equal(result.Chance, result.Top1, 12);
    }

    [Fact]
    public void Top1_QueryWithNothingComparable_CountsAsAMiss()
    {
        PartColours[] truths = [Uniform(new MeanRgb(1, 2, 3)), Uniform(new MeanRgb(200, 2, 3))];
        string[] people = ["ann", "bob"];
        PartColours empty = PartColours.FromColours(new MeanRgb?[BodyParts.All.Count]);
        RetrievalResult result = AppearanceRetrieval.Top1([empty, truths[1]], people, truths, people, PartColours.Distance);
        Assert.Equal(0.5, result.Top1);
    }

    private static PartColours Uniform(MeanRgb colour) =>
        PartColours.FromColours([.. BodyParts.All.Select(_ => (MeanRgb?)colour)]);
}
