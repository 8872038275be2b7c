using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>Sentence batches (framing, padding, ignored targets) and token-stream windows for truncated BPTT.</summary>
public class LanguageModelBatchingTests
{
    private const int S = Vocabulary.StartId, E = Vocabulary.EndId, P = Vocabulary.PadId;

    [Fact]
    public void SentencesAreFramedWithStartAndEndAndPaddedOnTheRight()
    {
        LanguageModelBatch batch = SentenceBatches.Collate([[7, 8, 9], [5], []]);
        Assert.Equal((3, 4), (batch.BatchSize, batch.Steps));
        Assert.Equal([S, 7, 8, 9, /**/ S, 5, P, P, /**/ S, P, P, P], batch.Inputs);
        Assert.Equal([7, 8, 9, E, /**/ 5, E, P, P, /**/ E, P, P, P], batch.Targets);
        Assert.Equal(4 + 2 + 1, batch.TokenCount); // every token and every </s>; no padding
        Assert.False(batch.ContinuesState);
    }

    [Fact]
    public void ASentenceHoldingASpecialIdIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => SentenceBatches.Collate([[5, 6], [7, E]]));
        Assert.Contains("sentence 1 holds the special id 3", e.Message);
    }

    [Fact]
    public void PaddingChangesNoPredictionAndTheLossSkipsIt()
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Gru, 12, 5, 6), new Generator(1));
        int[][] sentences = [[4, 5, 6, 7, 8], [9, 10]];
        LanguageModelBatch padded = SentenceBatches.Collate(sentences);
        (Tensor logits, _) = model.Forward(padded.Inputs, padded.BatchSize, padded.Steps); // (2, 6, 12)
        Tensor loss = Functional.CrossEntropy(logits, padded.Targets, padded.IgnoreIndex, Reduction.Sum);

        double expected = 0;
        foreach (int[] sentence in sentences)
        {
            LanguageModelBatch alone = SentenceBatches.Collate([sentence]);
            (Tensor l, _) = model.Forward(alone.Inputs, 1, alone.Steps);
            expected += Functional.CrossEntropy(l, alone.Targets, alone.IgnoreIndex, Reduction.Sum).Item();
        }
        Assert.Equal(expected, loss.Item(), 1e-4); // a tolerance, not rounding to 4 places (which splits values either side of a rounding boundary)
    }

    [Fact]
    public void StreamWindowsSplitTheTextIntoTracksThatContinueFromWindowToWindow()
    {
        int[] tokens = Enumerable.Range(10, 27).ToArray(); // N = 27 → L = ⌊26 / 2⌋ = 13 per track
        var windows = new TokenStreamBatches(tokens, batchSize: 2, steps: 4);
        Assert.Equal(13, windows.TrackLength);
        Assert.Equal(3, windows.BatchesPerEpoch);

        LanguageModelBatch w0 = windows.GetBatch(0, 0), w1 = windows.GetBatch(0, 1);
        Assert.Equal([10, 11, 12, 13, /**/ 23, 24, 25, 26], w0.Inputs);
        Assert.Equal([11, 12, 13, 14, /**/ 24, 25, 26, 27], w0.Targets);
        Assert.Equal([14, 15, 16, 17, /**/ 27, 28, 29, 30], w1.Inputs); // each row goes on where it stopped
        Assert.False(w0.ContinuesState);
        Assert.True(w1.ContinuesState);
        Assert.Equal(w0.Inputs, windows.GetBatch(3, 0).Inputs); // every epoch reads the same windows
    }

    [Fact]
    public void CarryingTheStateAcrossWindowsEqualsReadingTheWholeTrackAtOnce()
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Lstm, 9, 4, 5, NumLayers: 2), new Generator(2));
        int[] tokens = Enumerable.Range(0, 3 * 12 + 1).Select(i => 4 + i * 7 % 5).ToArray();
        var windows = new TokenStreamBatches(tokens, batchSize: 3, steps: 4);
        var whole = new TokenStreamBatches(tokens, batchSize: 3, steps: 12);

        RecurrentState? state = null;
        var pieces = new List<Tensor>();
        for (int w = 0; w < windows.BatchesPerEpoch; w++)
        {
            LanguageModelBatch batch = windows.GetBatch(0, w);
            (Tensor logits, state) = model.Forward(batch.Inputs, 3, 4, batch.ContinuesState ? state!.Detach() : null);
            pieces.Add(logits); // (3, 4, 9)
        }
        LanguageModelBatch all = whole.GetBatch(0, 0);
        (Tensor expected, _) = model.Forward(all.Inputs, 3, 12); // (3, 12, 9)
        Tolerance.AllClose(expected.Data, Torch.Cat(pieces, 1).Data, rtol: 1e-5, atol: 1e-5, what: "logits");
    }

    [Fact]
    public void KeepingThePartialWindowIsPyTorchsBatchifyAndGetBatch()
    {
        int[] tokens = Enumerable.Range(10, 29).ToArray(); // N = 29, B = 2: batchify keeps 2 tracks of ⌊29 / 2⌋ = 14 tokens
        var windows = new TokenStreamBatches(tokens, batchSize: 2, steps: 4, keepPartialWindow: true);
        Assert.Equal((14, 13), (windows.TrackLength, windows.PredictionsPerTrack));
        Assert.Equal(4, windows.BatchesPerEpoch); // range(0, 14 − 1, 4): i = 0, 4, 8, 12
        Assert.Equal(2 * 13, windows.TokensPerEpoch);

        LanguageModelBatch w0 = windows.GetBatch(0, 0), last = windows.GetBatch(0, 3);
        Assert.Equal([10, 11, 12, 13, /**/ 24, 25, 26, 27], w0.Inputs);
        Assert.Equal([11, 12, 13, 14, /**/ 25, 26, 27, 28], w0.Targets);
        Assert.Equal(1, last.Steps);                 // seq_len = min(bptt, 14 − 1 − 12) = 1
        Assert.Equal([22, /**/ 36], last.Inputs);
        Assert.Equal([23, /**/ 37], last.Targets);   // no target crosses into the next track
        Assert.True(last.ContinuesState);

        var fullOnly = new TokenStreamBatches(tokens, batchSize: 2, steps: 4); // the default: L = ⌊28 / 2⌋ = 14, 3 full windows
        Assert.Equal((14, 3, 24L), (fullOnly.TrackLength, fullOnly.BatchesPerEpoch, fullOnly.TokensPerEpoch));
    }

    [Fact]
    public void CarryingTheStateThroughThePartialWindowEqualsReadingTheWholeTrack()
    {
        var model = new RecurrentLanguageModel(new LanguageModelConfig(RecurrentKind.Gru, 9, 4, 5), new Generator(2));
        int[] tokens = Enumerable.Range(0, 3 * 11).Select(i => 4 + i * 7 % 5).ToArray(); // tracks of 11: 10 predictions
        var windows = new TokenStreamBatches(tokens, batchSize: 3, steps: 4, keepPartialWindow: true); // 4 + 4 + 2
        var whole = new TokenStreamBatches(tokens, batchSize: 3, steps: 10, keepPartialWindow: true);

        RecurrentState? state = null;
        var pieces = new List<Tensor>();
        for (int w = 0; w < windows.BatchesPerEpoch; w++)
        {
            LanguageModelBatch batch = windows.GetBatch(0, w);
            (Tensor logits, state) = model.Forward(batch.Inputs, 3, batch.Steps, batch.ContinuesState ? state!.Detach() : null);
            pieces.Add(logits); // (3, T_w, 9)
        }
        Assert.Equal([4, 4, 2], pieces.Select(p => p.Size(1)));
        LanguageModelBatch all = whole.GetBatch(0, 0);
        Assert.Equal(1, whole.BatchesPerEpoch);
        (Tensor expected, _) = model.Forward(all.Inputs, 3, 10); // (3, 10, 9)
        Tolerance.AllClose(expected.Data, Torch.Cat(pieces, 1).Data, rtol: 1e-5, atol: 1e-5, what: "logits");
    }

    [Fact]
    public void AStreamHoldingTheIgnoredIdIsRefusedInsteadOfDroppingItsPredictions()
    {
        int[] tokens = [5, 0, 6, 7, 0, 5, 6, 7, 5]; // ids of a tokenizer whose id 0 is a real word
        var e = Assert.Throws<ArgumentException>(() => new TokenStreamBatches(tokens, batchSize: 2, steps: 2));
        Assert.Contains("holds the ignored target id 0 2 times", e.Message);
        Assert.Contains("Functional.DefaultIgnoreIndex", e.Message);

        var windows = new TokenStreamBatches(tokens, batchSize: 2, steps: 2, ignoreIndex: Functional.DefaultIgnoreIndex);
        LanguageModelBatch batch = windows.GetBatch(0, 0);
        Assert.Equal([0, 6, /**/ 5, 6], batch.Targets);
        Assert.Equal(4, batch.TokenCount); // every target counts, 0 included
        Assert.Equal(Functional.DefaultIgnoreIndex, batch.IgnoreIndex);
    }

    [Fact]
    public void SentenceBatchesPadTheirTargetsWithTheIgnoreIndexTheyAreGiven()
    {
        LanguageModelBatch batch = SentenceBatches.Collate([[7, 8], [5]], ignoreIndex: -1);
        Assert.Equal([S, 7, 8, /**/ S, 5, P], batch.Inputs);
        Assert.Equal([7, 8, E, /**/ 5, E, -1], batch.Targets);
        Assert.Equal((5, -1), (batch.TokenCount, batch.IgnoreIndex));
        var e = Assert.Throws<ArgumentException>(() => SentenceBatches.Collate([[7, 8]], ignoreIndex: 8));
        Assert.Contains("holds the ignored target id 8", e.Message);
        Assert.Equal(-1, SentenceBatches.Loader([[7], [8]], 2, ignoreIndex: -1).GetBatch(0, 0).IgnoreIndex);
    }

    [Fact]
    public void ABatchCountsOnlyTheTargetsItsIgnoreIndexDoesNotMark()
    {
        int[] inputs = [4, 0, 5, 6], targets = [0, 5, 6, 0];
        Assert.Equal(2, new LanguageModelBatch(inputs, targets, 2, 2).TokenCount); // <pad> = 0 by default
        Assert.Equal(4, new LanguageModelBatch(inputs, targets, 2, 2, ignoreIndex: Functional.DefaultIgnoreIndex).TokenCount);
    }

    [Fact]
    public void AStreamTooShortForTheBatchIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new TokenStreamBatches(new int[20], batchSize: 4, steps: 5));
        Assert.Contains("20 tokens are too few for 4 tracks of at least 5 steps (needs 21)", e.Message);
    }

    [Fact]
    public void ABatchChecksItsShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new LanguageModelBatch(new int[6], new int[5], 2, 3));
        Assert.Contains("needs 6 inputs and targets, got 6 and 5", e.Message);
    }
}
