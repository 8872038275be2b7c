namespace RnnCourse.Bench;

internal static class NGramBench
{
    public static int Run(string[] args) => throw new NotImplementedException("ngram benchmark: in progress");
}
