using System.Text.Json.Nodes;
using VUnetStream.Render.Data;
using VUnetStream.Render.Tests.Training;
using VUnetStream.Render.Training;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Data;

/// <summary>Training with <c>appearance_from: same_person</c>: each image's crops come from another image of its person.</summary>
public sealed class AppearancePartnersTests
{
    [Fact]
    public void APartner_IsAlwaysAnotherImageOfTheSamePerson_AndAPersonAloneLendsItsOwn()
    {
        string[] people = ["a", "a", "a", "b", "b", "c"];
        AppearancePartners partners = AppearancePartners.FromPersonIds(people, seed: 4);
        var seen = new HashSet<int>();
        for (long step = 0; step < 50; step++)
        {
            for (int slot = 0; slot < 4; slot++)
            {
                for (int i = 0; i < people.Length; i++)
                {
                    int partner = partners.Partner(step, slot, i);
                    Assert.Equal(people[i], people[partner]);
                    Assert.True(people[i] == "c" ? partner == i : partner != i, $"image {i} got partner {partner}");
                    if (i == 0)
                    {
                        seen.Add(partner);
                    }
                }
            }
        }

        Assert.Equal([1, 2], seen.Order());
    }

    [Fact]
    public void Partners_AreAFunctionOfSeedStepAndSlot_SoAResumedRunPairsAsAnUninterruptedOne()
    {
        string[] people = [.. Enumerable.Repeat("p", 20)];
        AppearancePartners a = AppearancePartners.FromPersonIds(people, seed: 9);
        AppearancePartners b = AppearancePartners.FromPersonIds(people, seed: 9);
        int[] fromA = [.. Enumerable.Range(0, 40).Select(s => a.Partner(s, s % 8, s % 20))];
        int[] fromB = [.. Enumerable.Range(0, 40).Reverse().Select(s => b.Partner(s, s % 8, s % 20)).Reverse()];
        Assert.Equal(fromA, fromB);
        int[] otherSeed = [.. Enumerable.Range(0, 40).Select(s => AppearancePartners.FromPersonIds(people, seed: 10).Partner(s, s % 8, s % 20))];
        Assert.NotEqual(fromA, otherSeed);
    }

    [Fact]
    public void ABatchWithAppearanceSources_TakesTheCropsFromThem_AndEverythingElseFromItsOwnImages()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 4, 2, 32, seed: 3, masks: true);
        PoseDataset dataset = PoseDataset.Open(temp.Path);
        PoseSample[] own = [dataset.Samples[0], dataset.Samples[1]];
        PoseSample[] lent = [dataset.Samples[2], dataset.Samples[1]];

        using ModelInputs plain = ModelInputs.Load(own, 32, 2);
        using ModelInputs paired = ModelInputs.Load(own, 32, 2, lent);
        using ModelInputs lenders = ModelInputs.Load(lent, 32, 2);

        Assert.True(paired.Images.eq(plain.Images).all().item<bool>());
        Assert.True(paired.Stickmen.eq(plain.Stickmen).all().item<bool>());
        Assert.True(paired.Masks!.eq(plain.Masks!).all().item<bool>());
        Assert.True(paired.Crops.eq(lenders.Crops).all().item<bool>());
        Assert.False(paired.Crops[0].eq(plain.Crops[0]).all().item<bool>());
    }

    [Fact]
    public void SamePersonTraining_OnADatasetWithoutPeopleCsv_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 4, 2, 32, seed: 3);
        TrainingConfig config = TinyTraining.Config(steps: 2);
        config = config with { Training = config.Training with { AppearanceFrom = AppearanceSources.SamePerson, HeldOutTransfers = 0 } };

        var error = Assert.Throws<InvalidDataException>(() => TinyTraining.Run(temp.Path, temp.Combine("run"), config));

        Assert.Contains("people.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("same_person", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownAppearanceSource_IsRefusedNamingTheChoices()
    {
        var json = new JsonObject { ["appearance_from"] = "neighbour" };

        var error = Assert.Throws<InvalidDataException>(() => TrainingOptions.FromJson(json, "cfg.json"));

        Assert.Contains("appearance_from must be 'self' or 'same_person'", error.Message, StringComparison.Ordinal);
    }
}
