using RnnCourse.Nn;
using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Training;

/// <summary>ManualSeed makes a whole training run — initialisation, dropout masks, updates — bit-identical.</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class SeedDeterminismTests
{
    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    [InlineData(RecurrentKind.Elman)]
    public void TheSameSeedGivesTheSameRunBitForBit(RecurrentKind kind)
    {
        var (lossesA, weightsA) = Train(kind, seed: 11);
        var (lossesB, weightsB) = Train(kind, seed: 11);
        var (lossesC, _) = Train(kind, seed: 12);
        Assert.Equal(lossesA.Select(BitConverter.SingleToInt32Bits), lossesB.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(weightsA.Select(BitConverter.SingleToInt32Bits), weightsB.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(lossesA, lossesC);
    }

    /// <summary>A few AdamW steps of a 2-layer model with dropout, everything drawn from the default generator.</summary>
    private static (float[] Losses, float[] Weights) Train(RecurrentKind kind, ulong seed)
    {
        Torch.ManualSeed(seed);
        var model = new RecurrentLanguageModel(new LanguageModelConfig(kind, VocabSize: 11, EmbeddingSize: 8, HiddenSize: 96, NumLayers: 2, Dropout: 0.3f));
        var optimizer = new AdamW(model.Parameters(), learningRate: 1e-2);
        int[] ids = Enumerable.Range(0, 4 * 12).Select(_ => Generator.Default.NextInt(11)).ToArray();
        int[] targets = ids.Skip(1).Append(0).ToArray();
        var losses = new float[6];
        for (int step = 0; step < losses.Length; step++)
        {
            optimizer.ZeroGrad();
            var (logits, _) = model.Forward(ids, 4, 12);
            Tensor loss = Functional.CrossEntropy(logits, targets);
            loss.Backward();
            ClipGrad.Norm(model.Parameters(), 1f);
            optimizer.Step();
            losses[step] = loss.Item();
        }
        return (losses, model.Parameters().SelectMany(p => p.Data).ToArray());
    }
}
