using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>Batching, seeded shuffles and drop-last.</summary>
public class DataLoaderTests
{
    private static readonly int[] Items = Enumerable.Range(100, 10).ToArray();

    [Fact]
    public void AnEpochVisitsEveryItemOnceInBatchesOfTheBatchSize()
    {
        var loader = DataLoader.Create(Items, batchSize: 4, shuffle: true, seed: 7);
        Assert.Equal(3, loader.BatchesPerEpoch);
        var batches = loader.Epoch(0).ToArray();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        Assert.Equal(Items, batches.SelectMany(b => b).Order());
        Assert.NotEqual(Items, batches.SelectMany(b => b)); // shuffled
    }

    [Fact]
    public void DropLastLeavesOutTheShortBatch()
    {
        var loader = DataLoader.Create(Items, batchSize: 4, dropLast: true);
        Assert.Equal(2, loader.BatchesPerEpoch);
        Assert.Equal([Items[..4], Items[4..8]], loader.Epoch(0).Select(b => b.ToArray()));
    }

    [Fact]
    public void WithoutShuffleTheOrderIsTheDatasetsInEveryEpoch()
    {
        var loader = DataLoader.Create(Items, batchSize: 3);
        Assert.Equal(Items, loader.Epoch(0).SelectMany(b => b));
        Assert.Equal(Items, loader.Epoch(5).SelectMany(b => b));
    }

    [Fact]
    public void TheOrderDependsOnlyOnTheSeedAndTheEpoch()
    {
        var a = DataLoader.Create(Items, 3, shuffle: true, seed: 1);
        var b = DataLoader.Create(Items, 3, shuffle: true, seed: 1);
        var c = DataLoader.Create(Items, 3, shuffle: true, seed: 2);
        Assert.Equal(a.Order(4), b.Order(4));
        Assert.NotEqual(a.Order(0), a.Order(1));
        Assert.NotEqual(a.Order(0), c.Order(0));
        Assert.Equal(a.Epoch(2).SelectMany(x => x), b.Order(2).Select(i => Items[i]));
    }

    [Fact]
    public void ForeachRunsTheNextEpochEachTime()
    {
        var loader = DataLoader.Create(Items, 4, shuffle: true, seed: 3);
        var first = new List<int>();
        foreach (var batch in loader) first.AddRange(batch);
        var second = new List<int>();
        foreach (var batch in loader) second.AddRange(batch);
        Assert.Equal(loader.Epoch(0).SelectMany(b => b), first);
        Assert.Equal(loader.Epoch(1).SelectMany(b => b), second);
    }

    [Fact]
    public void CollateTurnsEachGroupIntoABatch()
    {
        var loader = new DataLoader<int, int>(Items, 5, items => items.Sum());
        Assert.Equal([100 + 101 + 102 + 103 + 104, 105 + 106 + 107 + 108 + 109], loader.Epoch(0));
    }

    [Fact]
    public void ADatasetFromAFunctionComputesItsItems()
    {
        Dataset<int> squares = Dataset.FromFunction(5, i => i * i);
        Assert.Equal([0, 1, 4, 9, 16], squares);
        Assert.Equal([[0, 1], [4, 9], [16]], DataLoader.Create(squares, 2).Epoch(0).Select(b => b.ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => squares[5]);
    }

    [Fact]
    public void BadSettingsAreRefusedWithTheReason()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => DataLoader.Create(Array.Empty<int>(), 2)).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => DataLoader.Create(Items, 0)).Message);
        Assert.Contains("no full batch", Assert.Throws<ArgumentException>(() => DataLoader.Create(Items, 11, dropLast: true)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DataLoader.Create(Items, 4).GetBatch(0, 3));
    }
}
