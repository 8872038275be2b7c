using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace RnnCourse.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Inverted dropout (torch.nn.functional.dropout): in training each element is kept with probability
    /// 1 − p and scaled by 1/(1 − p), else zeroed, so E[y] = x and evaluation needs no rescaling:
    /// y = x ⊙ m with mᵢ = 1/(1 − p) if uᵢ &lt; 1 − p else 0, uᵢ ~ U[0, 1) from <paramref name="generator"/>.
    /// ∂L/∂x = g ⊙ m (the same mask). Not training, or p = 0: returns <paramref name="x"/> itself.
    /// p = 1: zeros (torch's special case; the scale 1/(1 − p) would be infinite).
    /// </summary>
    public static Tensor Dropout(Tensor x, float p = 0.5f, bool training = true, Generator? generator = null)
    {
        CheckDropoutProbability(p);
        if (!training || p == 0f) return x;
        var mask = new float[x.Numel];
        if (p < 1f)
        {
            Generator g = generator ?? Generator.Default;
            float keep = 1f - p, scale = 1f / keep;
            for (int i = 0; i < mask.Length; i++) mask[i] = g.NextFloat() < keep ? scale : 0f;
        }
        var y = new float[x.Numel];
        TensorPrimitives.Multiply(x.Data, mask, y);
        var result = new Tensor(y, x.ShapeArray);
        if (!Tensor.Tracks(x)) return result;
        return result.Record("DropoutBackward", [x], grad =>
        {
            var gx = new float[mask.Length];
            TensorPrimitives.Multiply(grad.Data, mask, gx);
            x.AccumulateGradOwned(gx);
        });
    }

    /// <summary>
    /// The one check of a dropout probability (torch accepts [0, 1]), shared by this op, <c>Nn.Dropout</c> and
    /// the dropout between recurrent layers; the exception names the caller's parameter.
    /// </summary>
    internal static void CheckDropoutProbability(float p, [CallerArgumentExpression(nameof(p))] string parameterName = "p")
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(parameterName, p,
                $"Dropout probability {parameterName} = {p} is not in [0, 1]; it is the chance of zeroing an element: pass e.g. 0.1, or 0 for no dropout.");
    }
}
