using RnnCourse.Nn;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Nn;

/// <summary>
/// StateTrace reads a text one token at a time: its states and next-token distributions equal those of one fused pass over
/// the whole text; Pearson's r against hand-computed values; the unit search finds a unit that is the feature.
/// </summary>
public sealed class StateTraceTests
{
    private static readonly int[] Text = [4, 5, 6, 4, 7, 5, 5, 6, 8, 4, 6, 7];

    private static RecurrentLanguageModel Model(RecurrentKind kind) =>
        new(new LanguageModelConfig(kind, 9, 5, 6, 2, Dropout: 0.5f), new Generator(3));

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    [InlineData(RecurrentKind.Elman)]
    public void Token_by_token_states_and_distributions_equal_one_pass_over_the_text(RecurrentKind kind)
    {
        var model = Model(kind);
        var trace = StateTrace.Read(model, Text);

        model.Eval();
        using var _ = Torch.NoGrad();
        int T = Text.Length;
        var (logits, final) = model.Forward(Text, 1, T);                                   // (1, T, V)
        Tensor probabilities = logits.Softmax(-1);                                         // (1, T, V)
        for (int t = 0; t < T; t++)
            for (int v = 0; v < 9; v++)
                Assert.Equal(probabilities.Data[t * 9 + v], trace.Probability(t, v), 1e-6);
        for (int l = 0; l < 2; l++)
            for (int j = 0; j < 6; j++)
            {
                Assert.Equal(final.H.Data[l * 6 + j], trace.Hidden(l)[T - 1, j], 1e-6);
                if (kind == RecurrentKind.Lstm) Assert.Equal(final.C!.Data[l * 6 + j], trace.Cell(l)[T - 1, j], 1e-6);
            }
        for (int t = 0; t < T; t++)
        {
            var (_, prefix) = model.Forward(Text[..(t + 1)], 1, t + 1);                     // the state after t + 1 tokens
            for (int j = 0; j < 6; j++) Assert.Equal(prefix.H.Data[6 + j], trace.Hidden(1)[t, j], 1e-6);
        }
        Assert.Equal(kind == RecurrentKind.Lstm, trace.HasCell);
        Assert.True(model.Training is false);
    }

    [Fact]
    public void The_trace_restores_training_mode_and_knows_the_probability_of_each_token_of_the_text()
    {
        var model = Model(RecurrentKind.Lstm);
        model.Train();
        var trace = StateTrace.Read(model, Text);

        Assert.True(model.Training);
        double[] p = trace.ProbabilitiesOfText();
        Assert.True(double.IsNaN(p[0]));
        for (int t = 1; t < Text.Length; t++) Assert.Equal(trace.Distribution(t - 1)[Text[t]], p[t], 12);
        Assert.Equal(1.0, trace.Distribution(3).Sum(), 5);
        Assert.Equal((Text.Length, 2, 6), (trace.Length, trace.Layers, trace.HiddenSize));
    }

    [Fact]
    public void Pearson_matches_hand_computed_values_and_is_zero_for_a_constant()
    {
        Assert.Equal(1.0, StateTrace.Pearson([1, 2, 3], [2, 4, 6]), 12);
        Assert.Equal(-1.0, StateTrace.Pearson([1, 2, 3], [3, 2, 1]), 12);
        // a = (1, 2, 4), b = (2, 1, 3): ā = 7/3, b̄ = 2; Σ da·db = 2, Σ da² = 14/3, Σ db² = 2.
        Assert.Equal(2 / Math.Sqrt(14.0 / 3 * 2), StateTrace.Pearson([1, 2, 4], [2, 1, 3]), 12);
        Assert.Equal(0.0, StateTrace.Pearson([1, 1, 1], [2, 1, 3]));
        Assert.Throws<ArgumentException>(() => StateTrace.Pearson([1, 2], [1, 2, 3]));
    }

    [Fact]
    public void The_unit_search_puts_the_unit_that_is_the_feature_first()
    {
        var trace = StateTrace.Read(Model(RecurrentKind.Lstm), Text);
        double[] feature = trace.Activations(1, 4, "c").Select(v => 3 * v + 1).ToArray();

        UnitCorrelation[] found = trace.Correlations(feature);

        Assert.Equal(2 * 2 * 6, found.Length);                                             // h and c of 2 layers of 6
        Assert.Equal((1, 4, "c"), (found[0].Layer, found[0].Unit, found[0].State));
        Assert.Equal(1.0, found[0].Correlation, 9);
        Assert.True(found.Zip(found.Skip(1)).All(p => Math.Abs(p.First.Correlation) >= Math.Abs(p.Second.Correlation)));
        Assert.Equal("c 1/4", found[0].ToString());

        double[] firstHalf = trace.Activations(0, 2, "h")[..6];
        double[] planted = [.. firstHalf, 5, -3, 8, 0, 1, 2];                                  // follows unit h 0/2 in the first half only
        UnitCorrelation searched = trace.Correlations(planted, ..6)[0];
        Assert.Equal((0, 2, "h"), (searched.Layer, searched.Unit, searched.State));
        Assert.Equal(1.0, searched.Correlation, 9);
        Assert.True(Math.Abs(trace.Correlations(planted).Single(u => u.Layer == 0 && u.Unit == 2 && u.State == "h").Correlation) < 0.999);
        Assert.Throws<ArgumentException>(() => trace.Correlations(planted, 3..4));
    }

    [Fact]
    public void Misuse_is_refused_with_what_to_do()
    {
        var gru = StateTrace.Read(Model(RecurrentKind.Gru), Text);
        Assert.Contains("only an LSTM", Assert.Throws<InvalidOperationException>(() => gru.Cell(0)).Message);
        Assert.Contains("\"h\" or \"c\"", Assert.Throws<ArgumentException>(() => gru.Activations(0, 0, "x")).Message);
        Assert.Contains("3 feature values for 12 tokens", Assert.Throws<ArgumentException>(() => gru.Correlations([1, 2, 3])).Message);
        Assert.Contains("not a token", Assert.Throws<ArgumentException>(() => StateTrace.Read(Model(RecurrentKind.Gru), [4, 9])).Message);
        Assert.Throws<ArgumentException>(() => StateTrace.Read(Model(RecurrentKind.Gru), []));
        Assert.Contains("2 layers (0 to 1)", Assert.Throws<ArgumentOutOfRangeException>(() => gru.Activations(2, 0)).Message);
    }
}
