namespace RnnCourse.NGrams;

/// <summary>
/// How Katz backoff discounts a seen count c to c* &lt; c; the mass taken, Σ (c − c*) / c(h), is what the
/// context h passes to the lower order. <see cref="Absolute"/>: c* = c − D.
/// <see cref="GoodTuring"/>: Katz's (1987) Good-Turing estimate for small counts, with an absolute
/// discount for the contexts it would leave nothing to pass down.
/// </summary>
public abstract class KatzDiscount
{
    private protected KatzDiscount() { }

    /// <summary>Absolute discounting: c* = c − D for every seen count, 0 ≤ D &lt; 1.</summary>
    public static KatzDiscount Absolute(double discount = 0.5) => new AbsoluteKatzDiscount(discount);

    /// <summary>
    /// Good-Turing as Katz used it: for 1 ≤ c ≤ k,
    /// c* = [(c+1) n_{c+1}/n_c − c (k+1) n_{k+1}/n_1] / [1 − (k+1) n_{k+1}/n_1], and c* = c above k
    /// (large counts are reliable). n_r are the counts of counts of the n-gram's order. Where the counts
    /// of counts make this undefined or give c*/c outside (0, 1] (small corpora), that count is not discounted.
    /// <para>
    /// Good-Turing takes mass only from counts ≤ k, so a context h whose followers were all seen more than
    /// k times (or only with small counts it could not discount) would keep Σ_w c*(h w) = c(h): nothing left
    /// for α(h), and every token never seen after h would get probability 0. Such a context, when it has a
    /// token left to back off to, is discounted absolutely instead: c*(h w) = c(h w) − D for each of its
    /// followers, with Ney et al.'s D = n1 / (n1 + 2 n2) from the counts of counts of the n-gram's order
    /// (as <see cref="KneserNeyDiscount.Estimate"/>), or 0.5 where that D is 0, 1 or undefined. This leaves
    /// D·N1+(h •)/c(h) &gt; 0 to back off with, and D &lt; 1 keeps every seen n-gram's probability positive.
    /// See <see cref="KatzBackoffModel"/>.
    /// </para>
    /// </summary>
    public static KatzDiscount GoodTuring(int maxDiscountedCount = 5) => new GoodTuringKatzDiscount(maxDiscountedCount);

    /// <summary>c* for c = 0..table length − 1 of one order (entry 0 unused); counts past the table are c − <see cref="DiscountAbove"/>.</summary>
    internal abstract double[] DiscountedCounts(NGramCounts counts, int order);

    /// <summary>What is subtracted from counts past the table.</summary>
    internal abstract double DiscountAbove { get; }

    /// <summary>
    /// The absolute discount D for a context of this order whose counts <see cref="DiscountedCounts"/> left
    /// undiscounted, so that it still reserves mass for backing off; null: such a context keeps its counts.
    /// </summary>
    internal virtual double? ReserveDiscount(NGramCounts counts, int order) => null;

    private sealed class AbsoluteKatzDiscount : KatzDiscount
    {
        private readonly double _discount;

        public AbsoluteKatzDiscount(double discount)
        {
            if (!(discount >= 0 && discount < 1))
                throw new ArgumentOutOfRangeException(nameof(discount), discount, "The absolute discount D must satisfy 0 ≤ D < 1 so every seen n-gram keeps some probability.");
            _discount = discount;
        }

        internal override double[] DiscountedCounts(NGramCounts counts, int order) => [0.0, 1.0 - _discount];

        internal override double DiscountAbove => _discount;

        public override string ToString() => $"absolute D={_discount}";
    }

    private sealed class GoodTuringKatzDiscount : KatzDiscount
    {
        private readonly int _k;

        public GoodTuringKatzDiscount(int k)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, "maxDiscountedCount");
            _k = k;
        }

        internal override double[] DiscountedCounts(NGramCounts counts, int order)
        {
            var table = new double[_k + 1];
            double n1 = counts.CountOfCounts(order, 1);
            double tail = n1 > 0 ? (_k + 1) * counts.CountOfCounts(order, _k + 1) / n1 : double.NaN;
            for (int c = 1; c <= _k; c++)
            {
                double nc = counts.CountOfCounts(order, c), next = counts.CountOfCounts(order, c + 1);
                double discounted = ((c + 1) * next / nc - c * tail) / (1 - tail);
                double ratio = discounted / c;
                table[c] = double.IsFinite(ratio) && ratio > 0 && ratio <= 1 ? discounted : c;
            }
            return table;
        }

        internal override double DiscountAbove => 0;

        internal override double? ReserveDiscount(NGramCounts counts, int order)
        {
            double d = KneserNeyDiscount.SingleDiscount(counts.CountOfCounts(order, 1), counts.CountOfCounts(order, 2));
            return d > 0 && d < 1 ? d : 0.5;
        }

        public override string ToString() => $"Good-Turing k={_k}";
    }
}
