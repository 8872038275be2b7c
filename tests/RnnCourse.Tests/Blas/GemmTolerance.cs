namespace RnnCourse.Tests.Blas;

/// <summary>
/// How far a float GEMM may be from the double-accumulated reference. A float dot product of length
/// k (any summation order, fused or not) is off by at most about (k + 2) u sum_p |a_ip b_pj|, with
/// u = 2^-24 the unit roundoff; alpha, beta and the reference's own rounding add a few u more. We
/// allow 2 (k + 4) u times the element's scale |alpha| max_p |a_ip| sum_p |b_pj| + |beta c_ij|, an
/// upper bound of |alpha| sum_p |a_ip b_pj| + |beta c_ij| that costs O(mk + kn) instead of a second
/// O(mnk) product. A missing or misplaced term is far larger than that.
/// </summary>
public static class GemmTolerance
{
    private const double UnitRoundoff = 1.0 / (1 << 24);

    /// <summary>The allowed error of every element of C for one <see cref="GemmCase"/>.</summary>
    public sealed class Scale
    {
        private readonly double[] _rowMaxA, _columnSumB;
        private readonly GemmCase _case;
        private readonly float[] _c;

        public Scale(GemmCase s, float[] a, float[] b, float[] c)
        {
            _case = s;
            _c = c;
            _rowMaxA = new double[s.M];
            _columnSumB = new double[s.N];
            for (int i = 0; i < s.M; i++)
                for (int p = 0; p < s.K; p++)
                    _rowMaxA[i] = Math.Max(_rowMaxA[i], Math.Abs(s.TransA ? a[p * s.Lda + i] : a[i * s.Lda + p]));
            for (int p = 0; p < s.K; p++)
                for (int j = 0; j < s.N; j++)
                    _columnSumB[j] += Math.Abs(s.TransB ? b[j * s.Ldb + p] : b[p * s.Ldb + j]);
        }

        public double Allowed(int i, int j)
        {
            double scale = Math.Abs(_case.Alpha) * _rowMaxA[i] * _columnSumB[j];
            if (_case.Beta != 0f) scale += Math.Abs(_case.Beta * _c[i * _case.Ldc + j]);
            return 2.0 * (_case.K + 4) * UnitRoundoff * scale + 1e-30;
        }
    }
}
