using RnnCourse.Tensors;

namespace RnnCourse.Tests.Tensors;

/// <summary>A generator's state saved and restored continues the same sequence, the cached spare normal included.</summary>
public class GeneratorStateTests
{
    [Theory]
    [InlineData(0)] // no spare normal cached
    [InlineData(1)] // a spare normal cached: the next NextNormal returns it
    public void ARestoredStateContinuesTheSameSequence(int normalsBefore)
    {
        var g = new Generator(11);
        for (int i = 0; i < 5; i++) g.NextUInt64();
        for (int i = 0; i < normalsBefore; i++) g.NextNormal();
        ulong[] state = g.GetState();
        Assert.Equal((ulong)normalsBefore, state[4]);

        var restored = new Generator(999).SetState(state);
        Assert.Equal(11UL, restored.InitialSeed);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(g.NextNormal()), BitConverter.DoubleToInt64Bits(restored.NextNormal()));
            Assert.Equal(g.NextUInt64(), restored.NextUInt64());
        }
    }

    [Fact]
    public void GetStateIsACopy()
    {
        var g = new Generator(3);
        ulong[] state = g.GetState();
        ulong first = g.NextUInt64();
        Assert.Equal(first, new Generator(0).SetState(state).NextUInt64());
    }

    [Fact]
    public void RefusesStatesItCannotHave()
    {
        var g = new Generator(1);
        Assert.Contains("needs 7", Assert.Throws<ArgumentException>(() => g.SetState(new ulong[3])).Message);
        Assert.Contains("all zero", Assert.Throws<ArgumentException>(() => g.SetState(new ulong[7])).Message);
        Assert.Contains("not 0 or 1", Assert.Throws<ArgumentException>(() => g.SetState([1, 2, 3, 4, 5, 0, 0])).Message);
    }
}
