using RnnCourse.Optim;
using RnnCourse.Tensors;
using RnnCourse.Tests.Support;

namespace RnnCourse.Tests.Optim;

/// <summary>
/// Cross-checks against PyTorch itself: the expected numbers below were printed once by PyTorch 1.13
/// (Debian's python3-torch 1.13.1+dfsg-4, torch.__version__ "1.13.0a0", CPU) and pasted here — the one place
/// where hard-coded reference values are right, because they come from the implementation we follow.
/// The gradient a ⊙ (p − c) is computed in float32 in both, so both see the same bits.
/// When written, both runs agreed bit for bit; rtol 1e-6 leaves room for PyTorch's vectorised kernels, which
/// may use fused multiply-add on other CPUs.
/// </summary>
public class TorchReferenceTests
{
    private static readonly float[] A = [1.0f, 0.5f, 2.0f, 4.0f], C = [0.25f, -1.0f, 3.0f, 0.0f], Start = [0.5f, -2.0f, 1.0f, 1.5f];

    private static void SetGrad(Tensor p)
    {
        var g = new float[4];
        for (int i = 0; i < 4; i++) g[i] = A[i] * (p.Data[i] - C[i]);
        p.Grad = new Tensor(g, 4);
    }

    /// <summary>
    /// Produced by:
    /// <code>
    /// import torch
    /// a = torch.tensor([1.0, 0.5, 2.0, 4.0])
    /// c = torch.tensor([0.25, -1.0, 3.0, 0.0])
    /// p = torch.tensor([0.5, -2.0, 1.0, 1.5], requires_grad=True)
    /// opt = torch.optim.AdamW([p], lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
    /// for step in range(5):
    ///     p.grad = a * (p.detach() - c)
    ///     opt.step()
    ///     print(step + 1, [repr(v) for v in p.detach().tolist()])
    /// st = opt.state[p]
    /// print("exp_avg", st["exp_avg"].tolist()); print("exp_avg_sq", st["exp_avg_sq"].tolist())
    /// </code>
    /// </summary>
    [Fact]
    public void AdamWMatchesPyTorch()
    {
        double[][] expected =
        [
            [0.39500001072883606, -1.8799999952316284, 1.090000033378601, 1.3849999904632568],
            [0.2957465350627899, -1.761735200881958, 1.1789535284042358, 1.2714370489120483],
            [0.21003080904483795, -1.6456563472747803, 1.2667659521102905, 1.159520149230957],
            [0.14864087104797363, -1.5323121547698975, 1.3533380031585693, 1.049483060836792],
            [0.11750145256519318, -1.4223628044128418, 1.4385660886764526, 0.9415855407714844],
        ];
        Tensor p = Torch.FromArray(Start).RequiresGrad_();
        var opt = new AdamW([p], learningRate: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1);
        for (int step = 0; step < 5; step++)
        {
            SetGrad(p);
            opt.Step();
            Tolerance.AllClose(expected[step], p.Data, rtol: 1e-6, atol: 1e-7, what: $"AdamW step {step + 1}");
        }
        var state = opt.StateDict().Tensors;
        Tolerance.AllClose([0.016945328563451767, -0.15140141546726227, -1.47724187374115, 2.04669189453125], state["0.exp_avg"].Data, rtol: 1e-5, atol: 1e-7, what: "exp_avg");
        Tolerance.AllClose([9.717054490465671e-05, 0.0007617443916387856, 0.06657345592975616, 0.13138188421726227], state["0.exp_avg_sq"].Data, rtol: 1e-5, atol: 1e-9, what: "exp_avg_sq");
    }

    /// <summary>
    /// Produced by (same a, c and starting p as above):
    /// <code>
    /// opt = torch.optim.SGD([p], lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)
    /// for step in range(5):
    ///     p.grad = a * (p.detach() - c)
    ///     norm = torch.nn.utils.clip_grad_norm_([p], max_norm=1.0)
    ///     opt.step()
    ///     print(step + 1, repr(norm.item()), [repr(v) for v in p.detach().tolist()])
    /// </code>
    /// </summary>
    [Fact]
    public void ClippedNesterovSgdMatchesPyTorch()
    {
        double[] norms = [7.232738018035889, 6.90966272354126, 6.452791213989258, 5.8803277015686035, 5.2111334800720215];
        double[][] expected =
        [
            [0.49624133110046387, -1.9915326833724976, 1.0515888929367065, 1.4197666645050049],
            [0.4907819926738739, -1.9792147874832153, 1.126159906387329, 1.306132435798645],
            [0.4836844503879547, -1.9631651639938354, 1.22247314453125, 1.1633281707763672],
            [0.4749618470668793, -1.9433802366256714, 1.3397990465164185, 0.9955444931983948],
            [0.4645651578903198, -1.9196974039077759, 1.477995753288269, 0.8071311116218567],
        ];
        Tensor p = Torch.FromArray(Start).RequiresGrad_();
        var opt = new Sgd([p], learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01);
        for (int step = 0; step < 5; step++)
        {
            SetGrad(p);
            float norm = ClipGrad.Norm([p], maxNorm: 1f);
            opt.Step();
            Assert.Equal(norms[step], norm, norms[step] * 1e-6);
            Tolerance.AllClose(expected[step], p.Data, rtol: 1e-6, atol: 1e-7, what: $"SGD step {step + 1}");
        }
    }
}
