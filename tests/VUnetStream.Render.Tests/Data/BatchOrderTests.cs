using VUnetStream.Render.Data;

namespace VUnetStream.Render.Tests.Data;

public sealed class BatchOrderTests
{
    [Fact]
    public void EpochOrder_EachEpochIsAPermutation_AndEpochsDiffer()
    {
        var order = new EpochOrder(10, seed: 3);
        int[] first = Enumerable.Range(0, 10).Select(p => order.IndexAt(p)).ToArray();
        int[] second = Enumerable.Range(10, 10).Select(p => order.IndexAt(p)).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), first.Order());
        Assert.Equal(Enumerable.Range(0, 10), second.Order());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void EpochOrder_SameSeed_GivesTheSameBatches_FromAnyStartingPoint()
    {
        var a = new EpochOrder(7, seed: 11);
        var b = new EpochOrder(7, seed: 11);
        // b jumps straight to batch 5 (as a resumed run does); a walks there.
        int[][] walked = Enumerable.Range(0, 6).Select(s => a.Batch(s, 3)).ToArray();
        Assert.Equal(walked[5], b.Batch(5, 3));
        Assert.NotEqual(new EpochOrder(7, seed: 12).Batch(5, 3), b.Batch(5, 3));
    }

    [Fact]
    public void BatchLoader_StartingAtStepK_DeliversTheSameSamplesAsAFullRun()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 6, 2, 32, seed: 9);
        PoseDataset dataset = PoseDataset.Open(temp.Path);
        var full = new List<string[]>();
        using (var loader = new BatchLoader(dataset, batchSize: 4, seed: 5, startStep: 0, size: 32, boxFactor: 2, prefetch: 2))
        {
            for (int step = 0; step < 4; step++)
            {
                using ModelInputs batch = loader.Take(step);
                full.Add(batch.Samples.Select(s => s.Name).ToArray());
                Assert.Equal([4, 3, 32, 32], batch.Images.shape);
                Assert.Equal([4, 3, 32, 32], batch.Stickmen.shape);
                Assert.Equal([4, 24, 8, 8], batch.Crops.shape);
            }
        }

        using (var resumed = new BatchLoader(dataset, 4, seed: 5, startStep: 2, size: 32, boxFactor: 2, prefetch: 2))
        {
            using ModelInputs batch = resumed.Take(2);
            Assert.Equal(full[2], batch.Samples.Select(s => s.Name).ToArray());
        }
    }

    [Fact]
    public void BatchLoader_ImageDeletedAfterOpening_FailsNamingTheFile()
    {
        using var temp = new TempFolder();
        TinyPeople.WriteDataset(temp.Path, 2, 2, 32, seed: 10);
        PoseDataset dataset = PoseDataset.Open(temp.Path);
        foreach (PoseSample s in dataset.Samples)
        {
            File.Delete(s.ImagePath);
        }

        using var loader = new BatchLoader(dataset, 2, seed: 1, startStep: 0, size: 32, boxFactor: 2, prefetch: 1);
        var ex = Assert.Throws<InvalidDataException>(() => loader.Take(0));
        Assert.Contains("person000", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class SpreadTests
{
    [Fact]
    public void Pick_SpreadsOverTheList_AndPhaseHalfFallsBetween()
    {
        int[] items = Enumerable.Range(0, 16).ToArray();
        Assert.Equal([0, 4, 8, 12], Spread.Pick(items, 4));
        Assert.Equal([2, 6, 10, 14], Spread.Pick(items, 4, phase: 0.5));
        Assert.Equal([0, 1, 2], Spread.Pick([0, 1, 2], 3));
        Assert.Empty(Spread.Pick(Array.Empty<int>(), 3));
    }
}
