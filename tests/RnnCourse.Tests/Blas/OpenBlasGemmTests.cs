using RnnCourse.Tensors.Blas;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Blas;

/// <summary>The OpenBLAS provider against the naive reference (skipped where OpenBLAS is not installed).</summary>
public class OpenBlasGemmTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void MatchesNaiveOnEveryRowAndColumnCount() => VerifyAll(GemmSweeps.EveryRowAndColumnCount());

    [SkippableFact]
    public void MatchesNaiveOnEveryDepth() => VerifyAll(GemmSweeps.EveryDepth());

    [SkippableFact]
    public void MatchesNaiveOnLargeOddShapes() => VerifyAll(GemmSweeps.LargeOddShapes());

    [SkippableFact]
    public void IsSelectedByName()
    {
        if (!Requires.Tool(OpenBlasGemm.IsAvailable, "OpenBLAS", output)) return;
        Assert.Equal("openblas", Gemm.ByName("OpenBLAS").Name);
        output.WriteLine($"loaded {OpenBlasGemm.LibraryPath}: {OpenBlasGemm.Configuration}");
    }

    [SkippableFact]
    public void MissingLibraryErrorNamesTheLibraryAndTheFix()
    {
        string message = OpenBlasLibrary.NotFound().Message;
        Assert.Contains("libopenblas.so.0", message);
        Assert.Contains("apt-get install libopenblas0", message);
    }

    private void VerifyAll(IEnumerable<GemmCase> cases)
    {
        if (!Requires.Tool(OpenBlasGemm.IsAvailable, "OpenBLAS", output)) return;
        var gemm = new OpenBlasGemm();
        int count = 0, seed = 0;
        foreach (var gemmCase in cases)
        {
            gemmCase.CreateData(seed++).Verify(gemm);
            count++;
        }
        output.WriteLine($"openblas: {count} shapes match the naive reference");
    }
}
