using RnnCourse.Nn;
using RnnCourse.Tensors;

namespace RnnCourse.Tests.Nn;

/// <summary>
/// The layers against numbers PyTorch computed: same equations, gate orders and parameter names.
/// Reference values from PyTorch 1.13.1 (Debian python3-torch), float64, by this script:
/// <code>
/// import torch, math
/// torch.set_default_dtype(torch.float64)
/// def fill(t, k):
///     vals = torch.tensor([0.5*math.sin(0.37*i + k) for i in range(t.numel())])
///     with torch.no_grad(): t.copy_(vals.view_as(t))
/// for kind, m in [("rnn_tanh", torch.nn.RNN(3,4,num_layers=2,batch_first=True)),
///                 ("lstm", torch.nn.LSTM(3,4,num_layers=2,batch_first=True)),
///                 ("gru", torch.nn.GRU(3,4,num_layers=2,batch_first=True))]:
///     for j,(name,p) in enumerate(m.named_parameters()): fill(p, j+1)
///     x = torch.zeros(2,5,3); fill(x, 0.25)
///     out, st = m(x); h = st[0] if kind=="lstm" else st
///     (out.pow(2).sum() + h.sum()).backward()
///     print(out[1,4], h.sum(), m.weight_hh_l0.grad.sum(), m.weight_ih_l1.grad.abs().sum(), m.bias_hh_l0.grad[-1])
/// </code>
/// </summary>
public class PyTorchReferenceTests
{
    public static TheoryData<string, double[], double, double, double, double> References => new()
    {
        { "elman", [0.896459649, 0.88776165, 0.272059496, 0.00789157], 0.467406432, -11.287205816, 35.993096928, 1.003609481 },
        { "lstm", [-0.276698867, -0.249607555, -0.360904746, -0.285127496], -0.991923367, 1.618822827, 1.914467954, 0.163277002 },
        { "gru", [-0.591176808, -0.767938792, -0.620062636, -0.207843499], -1.581005391, 1.751342928, 20.448373105, 0.661158915 },
    };

    [Theory, MemberData(nameof(References))]
    public void MatchesPyTorch(string kind, double[] lastOutput, double hSum, double gradWhh0Sum, double gradWih1AbsSum, double gradBhh0Last)
    {
        foreach (bool fused in new[] { true, false })
        {
            RecurrentLayer layer = kind switch
            {
                "elman" => new Elman(3, 4, 2),
                "lstm" => new Lstm(3, 4, 2),
                _ => new Gru(3, 4, 2),
            };
            layer.Fused = fused;
            int j = 1;
            foreach (var (_, p) in layer.NamedParameters()) Fill(p, j++);
            Tensor x = Fill(Torch.Zeros(2, 5, 3), 0.25).RequiresGrad_();
            var (output, h) = layer switch
            {
                Lstm lstm => WithoutCell(lstm.Forward(x)),
                Gru gru => gru.Forward(x),
                Elman elman => elman.Forward(x),
                _ => throw new InvalidOperationException(),
            };
            layer.ZeroGrad();
            (output.Pow(2f).Sum() + h.Sum()).Backward();

            for (int i = 0; i < 4; i++) Assert.Equal(lastOutput[i], output[1, 4, i], 1e-5);
            Assert.Equal(hSum, h.Sum().Item(), 1e-5);
            Assert.Equal(gradWhh0Sum, layer.WeightHh(0).Grad!.Sum().Item(), 1e-4 * Math.Max(1, Math.Abs(gradWhh0Sum)));
            Assert.Equal(gradWih1AbsSum, layer.WeightIh(1).Grad!.Abs().Sum().Item(), 1e-4 * Math.Max(1, gradWih1AbsSum));
            Assert.Equal(gradBhh0Last, layer.BiasHh(0)!.Grad!.Data[^1], 1e-5);
        }
    }

    private static (Tensor Output, Tensor H) WithoutCell((Tensor Output, (Tensor H, Tensor C) State) r) => (r.Output, r.State.H);

    private static Tensor Fill(Tensor t, double k)
    {
        for (int i = 0; i < t.Numel; i++) t.Data[i] = (float)(0.5 * Math.Sin(0.37 * i + k));
        return t;
    }
}
