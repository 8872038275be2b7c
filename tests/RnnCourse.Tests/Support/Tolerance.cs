namespace RnnCourse.Tests.Support;

/// <summary>Shared comparisons: |actual − expected| ≤ atol + rtol·|expected|, element by element, with the first miss reported.</summary>
public static class Tolerance
{
    public static void AllClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double rtol = 1e-5, double atol = 1e-6, string what = "")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e), $"{what}[{i}]: got {a:G9}, expected {e:G9}");
        }
    }

    public static void AllClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rtol = 1e-5, double atol = 1e-6, string what = "")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"{what}[{i}]: got {actual[i]:G9}, expected {expected[i]:G9}");
    }
}
