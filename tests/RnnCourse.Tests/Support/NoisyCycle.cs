using RnnCourse.Tensors;

namespace RnnCourse.Tests.Support;

/// <summary>Token streams a small language model can learn: the ids 4, 5, … cycling with a period, some replaced by noise.</summary>
public static class NoisyCycle
{
    /// <summary>
    /// Position i holds 4 + i mod <paramref name="period"/>, except where a draw of 1 in <paramref name="noiseOneIn"/>
    /// says noise: then a uniform id among the same <paramref name="period"/> (ids 4 and up stay clear of the special tokens).
    /// </summary>
    public static int[] Stream(int length, int period, int noiseOneIn, ulong seed)
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, length).Select(i => g.NextInt(noiseOneIn) == 0 ? 4 + g.NextInt(period) : 4 + i % period).ToArray();
    }
}
