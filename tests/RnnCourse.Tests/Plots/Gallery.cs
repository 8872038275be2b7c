using RnnCourse.Plots;

namespace RnnCourse.Tests.Plots;

/// <summary>Charts like the ones the chapters draw, with deterministic made-up data, for rendering tests.</summary>
internal static class Gallery
{
    public static XYChart LossCurves()
    {
        var random = new Random(7);
        var steps = Enumerable.Range(0, 400).Select(i => i * 25).ToArray();
        var train = steps.Select(s => 4.2 * Math.Exp(-s / 2500.0) + 1.3 + 0.08 * random.NextDouble()).ToArray();
        var valid = steps.Select(s => 4.1 * Math.Exp(-s / 2800.0) + 1.45 + 0.0004 * Math.Max(0, s - 6000) / 10).ToArray();
        return Chart.Combine(
                Chart.Line(steps, train, name: "train"),
                Chart.Line(steps, valid, name: "validation", dashed: true))
            .WithTitle("Char-RNN on tiny Shakespeare")
            .WithXLabel("step")
            .WithYLabel("cross-entropy (nats)");
    }

    public static XYChart GradientNorms()
    {
        var distance = Enumerable.Range(1, 40).ToArray();
        return Chart.Combine(
                Chart.Line(distance, distance.Select(k => Math.Pow(0.8, k)), name: "ρ(W) = 0.8", markers: true),
                Chart.Line(distance, distance.Select(k => Math.Pow(1.0, k)), name: "ρ(W) = 1.0", markers: true),
                Chart.Line(distance, distance.Select(k => Math.Pow(1.25, k)), name: "ρ(W) = 1.25", markers: true))
            .WithTitle("‖∂hₜ / ∂hₜ₋ₖ‖ against distance k")
            .WithXLabel("distance k")
            .WithYLabel("norm")
            .WithLogY();
    }

    public static XYChart Scatter()
    {
        var random = new Random(3);
        var xs = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var ys = xs.Select(x => Math.Tanh(2 * x) + 0.15 * (random.NextDouble() - 0.5)).ToArray();
        return Chart.Scatter(xs, ys, name: "pre-activation vs h").WithTitle("tanh saturation").WithXLabel("a").WithYLabel("h = tanh(a)");
    }

    public static BarChart Perplexity() =>
        Chart.Bar(["bigram", "Kneser-Ney 5-gram", "Elman", "LSTM", "GRU"],
                ("train", new[] { 12.1, 6.3, 5.2, 3.9, 4.0 }),
                ("validation", new[] { 12.4, 7.9, 6.1, 4.8, 4.9 }))
            .WithTitle("Perplexity by model family")
            .WithYLabel("perplexity");

    public static HeatmapChart Jacobians()
    {
        var norms = new double[12, 12];
        for (var t = 0; t < 12; t++)
            for (var k = 0; k < 12; k++)
                norms[t, k] = k <= t ? Math.Pow(0.7, t - k) : double.NaN;
        return Chart.Heatmap(norms).WithTitle("‖∂hₜ / ∂hₖ‖").WithXLabel("k").WithYLabel("t").WithColorBarLabel("norm");
    }

    public static HeatmapChart Transitions()
    {
        string[] states = ["START", "a", "b", "c", "END"];
        var p = new double[,]
        {
            { 0, 0.5, 0.3, 0.2, 0 },
            { 0, 0.1, 0.6, 0.2, 0.1 },
            { 0, 0.3, 0.1, 0.4, 0.2 },
            { 0, 0.25, 0.25, 0.1, 0.4 },
            { 0, 0, 0, 0, 1 },
        };
        return Chart.Heatmap(p, states, states, ColorMap.Blues).WithTitle("Bigram transitions P(next | current)")
            .WithXLabel("next").WithYLabel("current");
    }

    public static HeatmapChart Weights()
    {
        var random = new Random(11);
        var w = new float[32, 48];
        for (var r = 0; r < 32; r++)
            for (var c = 0; c < 48; c++)
                w[r, c] = (float)((random.NextDouble() * 2 - 1) * Math.Sqrt(6.0 / (32 + 48)));
        return Chart.Heatmap(w).WithTitle("weight_hh_l0 after Xavier init").WithXLabel("input unit").WithYLabel("hidden unit");
    }

    public static GridChart Grid() =>
        Chart.Grid(2, 2,
                LossCurves().WithTitle("loss"),
                GradientNorms().WithTitle("gradient norms"),
                Perplexity().WithTitle("perplexity"),
                Transitions().WithTitle("transitions"))
            .WithTitle("Chapter summary");

    /// <summary>Awkward inputs: extreme magnitudes, gaps, one point, many series, long labels, small sizes.</summary>
    public static IReadOnlyList<(string Name, Chart Chart)> EdgeCases()
    {
        var steps = Enumerable.Range(0, 50).Select(i => 2e4 * i).ToArray();
        var tiny = steps.Select(s => 3e-7 * Math.Exp(-s / 4e5) + (s is > 3e5 and < 4e5 ? double.NaN : 0)).ToArray();
        var many = Enumerable.Range(0, 12).Select(k =>
            Chart.Line(Enumerable.Range(0, 30), Enumerable.Range(0, 30).Select(t => Math.Sin(t / 5.0 + k) * (k + 1)), name: $"hidden unit {k} (layer {k / 4})"));
        string[] tokens = ["<START>", "the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "<END>"];
        var attention = new double[tokens.Length, tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
            for (var j = 0; j < tokens.Length; j++)
                attention[i, j] = j <= i ? Math.Exp(-(i - j) / 2.0) : 0;
        var large = new double[96, 96];
        for (var i = 0; i < 96; i++)
            for (var j = 0; j < 96; j++)
                large[i, j] = Math.Sin(i / 7.0) * Math.Cos(j / 5.0);
        var vector = new double[1, 20];
        for (var j = 0; j < 20; j++) vector[0, j] = j * j;
        return
        [
            ("tiny-values", Chart.Line(steps, tiny, markers: true).WithTitle("tiny values, huge steps, a gap").WithXLabel("step").WithYLabel("gradient norm")),
            ("one-point", Chart.Line(new[] { 3.0 }, new[] { 0.5 }, markers: true).WithTitle("one point")),
            ("many-series", Chart.Combine(many.ToArray()).WithTitle("twelve series with long names")),
            ("log-x", Chart.Line(new[] { 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1 }, new[] { 2.9, 2.1, 1.7, 1.6, 1.65, 2.4, 4.0 }, markers: true)
                .WithLogX().WithTitle("learning-rate sweep").WithXLabel("learning rate").WithYLabel("validation loss")),
            ("negative-bars", Chart.Bar(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "embedding.weight", "decoder.weight", "decoder.bias"],
                new[] { 0.12, -0.4, 0.02, -0.03, 1.3, -0.8, 0.0 }).WithTitle("change in mean weight").WithYLabel("Δ mean")),
            ("small", Chart.Line(new[] { 1.0, 3, 2, 5, 4 }, name: "a").WithSize(300, 200).WithTitle("300 x 200")),
            ("attention", Chart.Heatmap(attention, tokens, tokens).WithTitle("token to token").WithColorBarLabel("weight")),
            ("large-matrix", Chart.Heatmap(large).WithTitle("96 x 96, drawn as runs")),
            ("vector", Chart.Heatmap(vector).WithTitle("a 1 x 20 vector")),
            ("long-text", Chart.Combine(
                    Chart.Line(new[] { 1.0, 2, 3 }, name: "a legend entry far too long to show in full beside a chart of ordinary width"),
                    Chart.Line(new[] { 3.0, 2, 1 }, name: "short"))
                .WithTitle("A title that goes on and on, far longer than the chart is wide, to see that it is shortened rather than cut off")
                .WithXLabel("an x label that is also much longer than it has any reason to be, running past the plot on both sides")
                .WithYLabel("a y label longer than the plot is tall, by quite a margin")
                .WithSize(420, 300)),
            ("long-categories", Chart.Bar(["a category label that keeps going well beyond any reasonable length", "b", "c"], new[] { 1, 2, 3 })),
        ];
    }

    public static IReadOnlyList<(string Name, Chart Chart)> All() =>
    [
        ("loss", LossCurves()),
        ("gradients", GradientNorms()),
        ("scatter", Scatter()),
        ("perplexity", Perplexity()),
        ("jacobians", Jacobians()),
        ("transitions", Transitions()),
        ("weights", Weights()),
        ("grid", Grid()),
        .. EdgeCases(),
    ];
}
