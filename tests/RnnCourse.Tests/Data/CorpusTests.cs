using RnnCourse.Data;
using RnnCourse.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Data;

/// <summary>
/// The real corpora, read from the folder named by RNN_COURSE_DATA and never downloaded in tests: where
/// the corpus is not found these write "skipped: corpus not found" (a failure under RNN_COURSE_STRICT=1).
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output) : IDisposable
{
    private readonly LocalCorpora _corpora = new(output);

    public void Dispose() => _corpora.Dispose();

    private CorpusResolver? OfflineResolver(CorpusFile file) => _corpora.Resolver(file);

    [SkippableFact]
    public void NamesSplitIntoTrainValidationAndTest()
    {
        if (OfflineResolver(CorpusFile.Names) is not { } resolver) return;
        var names = Corpus.Names(resolver: resolver);
        Assert.Equal(32033, names.All.Count);
        Assert.Equal("emma", names.All[0]);
        Assert.Equal(1000, names.Test.Count);
        Assert.Equal(3103, names.Validation.Count); // round(0.1 · 31,033)
        Assert.Equal(27930, names.Train.Count);
        Assert.Equal(names.All.Order(StringComparer.Ordinal), names.Train.Concat(names.Validation).Concat(names.Test).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void NamesSplitsAreDeterministicPerSeed()
    {
        if (OfflineResolver(CorpusFile.Names) is not { } resolver) return;
        var first = Corpus.Names(seed: 42, resolver: resolver);
        var again = Corpus.Names(seed: 42, resolver: resolver);
        var other = Corpus.Names(seed: 43, resolver: resolver);
        Assert.Equal(first.Test, again.Test);
        Assert.Equal(first.Train, again.Train);
        Assert.NotEqual(first.Test, other.Test);
        var custom = Corpus.Names(testCount: 500, validationFraction: 0.2, resolver: resolver);
        Assert.Equal((500, 6307), (custom.Test.Count, custom.Validation.Count)); // round(0.2 · 31,533)
    }

    [SkippableFact]
    public void TinyShakespeareKeepsTheLastTenthForValidation()
    {
        if (OfflineResolver(CorpusFile.TinyShakespeare) is not { } resolver) return;
        var corpus = Corpus.TinyShakespeare(resolver: resolver);
        Assert.Equal(1115394, corpus.Text.Length);
        Assert.Equal(1003854, corpus.Train.Length); // (int)(0.9 · 1,115,394), as char-rnn and nanoGPT
        Assert.Equal(corpus.Text, corpus.Train + corpus.Validation);
        Assert.Empty(corpus.Test);
        Assert.StartsWith("First Citizen:", corpus.Train);

        var threeWay = Corpus.TinyShakespeare(validationFraction: 0.1, testFraction: 0.1, resolver: resolver);
        Assert.Equal(corpus.Text, threeWay.Train + threeWay.Validation + threeWay.Test);
        Assert.Equal(111539, threeWay.Test.Length);
    }
}
