using RnnCourse.Nn;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Nn;

/// <summary>GateBias writes one gate's block in PyTorch's layout (b_ih = value, b_hh = 0), leaves the rest alone, and the layers compute with it.</summary>
public class GateBiasTests
{
    [Theory]
    [InlineData(LstmGate.Input)]
    [InlineData(LstmGate.Forget)]
    [InlineData(LstmGate.Cell)]
    [InlineData(LstmGate.Output)]
    public void SetsOneLstmBlockInEveryLayerAndNothingElse(LstmGate gate)
    {
        var lstm = new Lstm(3, 4, numLayers: 2, generator: new Generator(1));
        var before = lstm.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.ToArray());

        GateBias.Set(lstm, gate, 2.5f);

        int start = (int)gate * 4;
        foreach (var (name, p) in lstm.NamedParameters())
        {
            float[] expected = before[name];
            if (name.StartsWith("bias_ih")) Array.Fill(expected, 2.5f, start, 4);
            if (name.StartsWith("bias_hh")) Array.Fill(expected, 0f, start, 4);
            Assert.Equal(expected, p.ToArray());
        }
        for (int k = 0; k < 2; k++) Assert.Equal(Enumerable.Repeat(2.5f, 4), GateBias.Get(lstm, gate, k).ToArray());
    }

    [Fact]
    public void GetSumsBothBiases()
    {
        var gru = new Gru(2, 3, generator: new Generator(2));
        float[] expected = Enumerable.Range(3, 3).Select(j => gru.BiasIh(0)!.Data[j] + gru.BiasHh(0)!.Data[j]).ToArray();
        Assert.Equal(expected, GateBias.Get(gru, GruGate.Update).ToArray());
        GateBias.Set(gru, GruGate.Update, -1f);
        Assert.Equal([-1f, -1f, -1f], GateBias.Get(gru, GruGate.Update).ToArray());
        Assert.Equal([0f, 0f, 0f], gru.BiasHh(0)!.ToArray().Skip(3).Take(3));
    }

    [Fact]
    public void TheForgetBiasSetsWhatTheFusedLstmKeeps()
    {
        // Zero weights and biases: i = o = σ(0), g = tanh(0) = 0, so c_1 = σ(b_f)·c_0 exactly.
        var lstm = new Lstm(2, 3, generator: new Generator(3));
        foreach (var p in lstm.Parameters()) Array.Clear(p.Data);
        GateBias.Set(lstm, LstmGate.Forget, 3f);
        var (_, (_, c)) = lstm.Forward(Torch.Zeros(1, 1, 2), (Torch.Zeros(1, 1, 3), Torch.Ones(1, 1, 3)));
        float kept = 1f / (1f + MathF.Exp(-3f));
        Tolerance.AllClose(new[] { kept, kept, kept }, c.Data, what: "c_1");
    }

    [Fact]
    public void CellsToo()
    {
        var lstmCell = new LstmCell(2, 3, generator: new Generator(4));
        GateBias.Set(lstmCell, LstmGate.Output, 1f);
        Assert.Equal([1f, 1f, 1f], lstmCell.BiasIh!.ToArray().Skip(9));
        Assert.Equal([0f, 0f, 0f], lstmCell.BiasHh!.ToArray().Skip(9));
        var gruCell = new GruCell(2, 3, generator: new Generator(5));
        float[] before = gruCell.BiasIh!.ToArray();
        GateBias.Set(gruCell, GruGate.Reset, 4f);
        Assert.Equal([4f, 4f, 4f], gruCell.BiasIh!.ToArray().Take(3));
        Assert.Equal(before.Skip(3), gruCell.BiasIh!.ToArray().Skip(3));
    }

    [Fact]
    public void LayersWithoutBiasOrOutOfRangeLayersAreRefused()
    {
        var lstm = new Lstm(2, 3, bias: false, generator: new Generator(6));
        Assert.Contains("bias: false", Assert.Throws<InvalidOperationException>(() => GateBias.Set(lstm, LstmGate.Forget, 1f)).Message);
        var gru = new Gru(2, 3, numLayers: 2, generator: new Generator(7));
        Assert.Contains("0..1", Assert.Throws<ArgumentOutOfRangeException>(() => GateBias.Get(gru, GruGate.New, 2)).Message);
    }
}
