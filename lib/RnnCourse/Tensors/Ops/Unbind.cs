using System.Numerics.Tensors;

namespace RnnCourse.Tensors;

/// <summary>Unbind: a tensor cut into its slices along one dimension, each with that dimension removed.</summary>
public partial class Tensor
{
    /// <summary>
    /// The <c>Size(dim)</c> slices along <paramref name="dim"/>, each without that dimension (torch.unbind):
    /// <c>x.Unbind(1)[t]</c> is <c>x.Select(1, t)</c>. A loop over time steps should unbind once instead of
    /// selecting each step: a selected slice's backward makes a zero gradient of the whole input, so T selects
    /// cost O(T²) in the backward pass, while the slices of one unbind add their gradients into one shared
    /// buffer, O(T) in all.
    /// </summary>
    public Tensor[] Unbind(int dim)
    {
        int d = Shapes.NormalizeDim(dim, Rank, "Unbind");
        var (outer, n, inner) = Shapes.Around(_shape, d);
        int[] sliceShape = Shapes.Without(_shape, d);
        var slices = new Tensor[n];
        bool track = Tracks(this);
        Tensor x = this;
        for (int i = 0; i < n; i++)
        {
            var data = new float[outer * inner];
            for (int o = 0; o < outer; o++)
                _data.AsSpan((o * n + i) * inner, inner).CopyTo(data.AsSpan(o * inner));
            slices[i] = new Tensor(data, sliceShape);
            if (!track) continue;
            int index = i;
            slices[i].Record("UnbindBackward", [x], g =>
            {
                if (!x._requiresGrad) return;
                // The first slice to arrive gives x a zero gradient; every slice then adds its own part in place.
                if (x.Grad is null) x.AccumulateGradOwned(BufferPool.RentCleared(x.Numel));
                float[] gx = x.Grad!._data;
                for (int o = 0; o < outer; o++)
                {
                    Span<float> part = gx.AsSpan((o * n + index) * inner, inner);
                    TensorPrimitives.Add(part, g._data.AsSpan(o * inner, inner), part);
                }
            });
        }
        return slices;
    }
}
