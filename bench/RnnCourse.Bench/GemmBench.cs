namespace RnnCourse.Bench;

internal static class GemmBench
{
    public static int Run(string[] args) => throw new NotImplementedException("gemm benchmark: in progress");
}
