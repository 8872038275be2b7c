using System.Numerics;

namespace RnnCourse.Tensors;

/// <summary>
/// Small dense linear algebra for looking at recurrent weights and Jacobians (torch.linalg): eigenvalues,
/// singular values, the spectral radius and norm, the inverse. Everything is computed in double on a copy of a
/// (n, n) or (m, n) matrix and records no gradient. Meant for matrices of a few hundred rows at most. Chapter 4.
/// </summary>
public static class Linalg
{
    /// <summary>
    /// The eigenvalues of a square matrix (torch.linalg.eigvals), complex in general; real matrices give real values
    /// and conjugate pairs. Ordered by decreasing magnitude, then by decreasing real part, then by decreasing imaginary part.
    /// Householder reduction to Hessenberg form, then the shifted double-step QR algorithm (EISPACK's orthes and hqr).
    /// </summary>
    public static Complex[] Eigvals(Tensor a)
    {
        double[,] h = Square(a, nameof(Eigvals));
        Complex[] values = EigenvalueSolver.Solve(h);
        return values.OrderByDescending(v => v.Magnitude).ThenByDescending(v => v.Real).ThenByDescending(v => v.Imaginary).ToArray();
    }

    /// <summary>ρ(A) = max |λᵢ|, the spectral radius: the rate at which Aᵗ grows or shrinks for large t (‖Aᵗ‖^(1/t) → ρ).</summary>
    public static double SpectralRadius(Tensor a) => Eigvals(a)[0].Magnitude;

    /// <summary>
    /// The singular values of a matrix, largest first (torch.linalg.svdvals), by one-sided Jacobi rotations
    /// (Hestenes): pairs of columns are rotated until all are orthogonal; their lengths are then the singular values.
    /// </summary>
    public static double[] Svdvals(Tensor a)
    {
        if (a.Rank != 2)
            throw new ArgumentException($"Linalg.{nameof(Svdvals)}: needs a matrix (rank 2), got shape {Shapes.Format(a.ShapeArray)}.");
        int rows = a.Size(0), cols = a.Size(1);
        bool transpose = rows < cols; // rotate the columns of the taller of A and Aᵀ: the same singular values
        int m = transpose ? cols : rows, n = transpose ? rows : cols;
        var u = new double[m, n];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (transpose) u[j, i] = a.Data[i * cols + j];
                else u[i, j] = a.Data[i * cols + j];
        return SingularValueSolver.Solve(u);
    }

    /// <summary>‖A‖₂ = σ_max, the spectral norm (torch.linalg.matrix_norm(A, ord=2)): the most A can stretch a vector, ‖Ax‖ ≤ ‖A‖₂‖x‖.</summary>
    public static double SpectralNorm(Tensor a) => Svdvals(a) is { Length: > 0 } s ? s[0] : 0;

    /// <summary>A⁻¹ (torch.linalg.inv), by Gauss-Jordan elimination with partial pivoting in double. A singular matrix is refused.</summary>
    public static Tensor Inv(Tensor a)
    {
        double[,] m = Square(a, nameof(Inv));
        int n = m.GetLength(0);
        var inverse = new double[n, n];
        for (int i = 0; i < n; i++) inverse[i, i] = 1;
        double scale = 0;
        foreach (double v in m) scale = Math.Max(scale, Math.Abs(v));
        for (int column = 0; column < n; column++)
        {
            int pivot = column;
            for (int r = column + 1; r < n; r++)
                if (Math.Abs(m[r, column]) > Math.Abs(m[pivot, column])) pivot = r;
            if (!(Math.Abs(m[pivot, column]) > 1e-12 * scale))
                throw new ArgumentException(
                    $"Linalg.Inv: the ({n}, {n}) matrix is singular (or nearly so: column {column} has no usable pivot), so it has no inverse.");
            SwapRows(m, column, pivot);
            SwapRows(inverse, column, pivot);
            double p = m[column, column];
            for (int j = 0; j < n; j++)
            {
                m[column, j] /= p;
                inverse[column, j] /= p;
            }
            for (int r = 0; r < n; r++)
            {
                if (r == column || m[r, column] == 0) continue;
                double f = m[r, column];
                for (int j = 0; j < n; j++)
                {
                    m[r, j] -= f * m[column, j];
                    inverse[r, j] -= f * inverse[column, j];
                }
            }
        }
        var data = new float[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) data[i * n + j] = (float)inverse[i, j];
        return new Tensor(data, n, n);
    }

    private static void SwapRows(double[,] m, int a, int b)
    {
        if (a == b) return;
        for (int j = 0; j < m.GetLength(1); j++) (m[a, j], m[b, j]) = (m[b, j], m[a, j]);
    }

    private static double[,] Square(Tensor a, string caller)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rank != 2 || a.Size(0) != a.Size(1))
            throw new ArgumentException($"Linalg.{caller}: needs a square matrix (n, n), got shape {Shapes.Format(a.ShapeArray)}.");
        int n = a.Size(0);
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                float v = a.Data[i * n + j];
                if (!float.IsFinite(v))
                    throw new ArgumentException($"Linalg.{caller}: element [{i}, {j}] is {v}; the matrix must be finite.");
                m[i, j] = v;
            }
        return m;
    }
}

/// <summary>One-sided Jacobi SVD: the singular values of a tall (m ≥ n) matrix, largest first.</summary>
internal static class SingularValueSolver
{
    public static double[] Solve(double[,] u)
    {
        int m = u.GetLength(0), n = u.GetLength(1);
        const int maxSweeps = 60;
        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int i = 0; i < m; i++)
                    {
                        alpha += u[i, p] * u[i, p];
                        beta += u[i, q] * u[i, q];
                        gamma += u[i, p] * u[i, q];
                    }
                    if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta)) continue;
                    rotated = true;
                    // The rotation that makes columns p and q orthogonal.
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    if (zeta == 0) t = 1;
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    for (int i = 0; i < m; i++)
                    {
                        double up = u[i, p], uq = u[i, q];
                        u[i, p] = c * up - s * uq;
                        u[i, q] = s * up + c * uq;
                    }
                }
            if (!rotated) break;
        }
        var values = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < m; i++) sum += u[i, j] * u[i, j];
            values[j] = Math.Sqrt(sum);
        }
        Array.Sort(values, (x, y) => y.CompareTo(x));
        return values;
    }
}

/// <summary>
/// The eigenvalues of a real square matrix: reduction to upper Hessenberg form by Householder reflections, then
/// Francis double-shift QR steps with deflation (after EISPACK's orthes and hqr, as in JAMA), in place.
/// </summary>
internal static class EigenvalueSolver
{
    public static Complex[] Solve(double[,] h)
    {
        int n = h.GetLength(0);
        if (n == 0) return [];
        ToHessenberg(h);
        var re = new double[n];
        var im = new double[n];
        HessenbergQr(h, re, im);
        return Enumerable.Range(0, n).Select(i => new Complex(re[i], im[i])).ToArray();
    }

    /// <summary>H ← QᵀHQ, upper Hessenberg (zero below the first subdiagonal), the eigenvalues unchanged.</summary>
    private static void ToHessenberg(double[,] h)
    {
        int n = h.GetLength(0), high = n - 1;
        var ort = new double[n];
        for (int m = 1; m <= high - 1; m++)
        {
            double scale = 0;
            for (int i = m; i <= high; i++) scale += Math.Abs(h[i, m - 1]);
            if (scale == 0) continue;
            double hh = 0;
            for (int i = high; i >= m; i--)
            {
                ort[i] = h[i, m - 1] / scale;
                hh += ort[i] * ort[i];
            }
            double g = Math.Sqrt(hh);
            if (ort[m] > 0) g = -g;
            hh -= ort[m] * g;
            ort[m] -= g;
            // H ← (I − u·uᵀ/hh) H (I − u·uᵀ/hh)
            for (int j = m; j < n; j++)
            {
                double f = 0;
                for (int i = high; i >= m; i--) f += ort[i] * h[i, j];
                f /= hh;
                for (int i = m; i <= high; i++) h[i, j] -= f * ort[i];
            }
            for (int i = 0; i <= high; i++)
            {
                double f = 0;
                for (int j = high; j >= m; j--) f += ort[j] * h[i, j];
                f /= hh;
                for (int j = m; j <= high; j++) h[i, j] -= f * ort[j];
            }
            ort[m] *= scale;
            h[m, m - 1] = scale * g;
        }
    }

    /// <summary>The eigenvalues of an upper Hessenberg matrix (destroyed) into re + i·im.</summary>
    private static void HessenbergQr(double[,] h, double[] re, double[] im)
    {
        int nn = h.GetLength(0);
        int n = nn - 1;
        const int low = 0;
        double eps = Math.Pow(2.0, -52.0);
        double exshift = 0;
        double p = 0, q = 0, r = 0, s, z = 0, w, x, y;

        double norm = 0;
        for (int i = 0; i < nn; i++)
            for (int j = Math.Max(i - 1, 0); j < nn; j++) norm += Math.Abs(h[i, j]);

        int iter = 0;
        while (n >= low)
        {
            // Look for a single small subdiagonal element.
            int l = n;
            while (l > low)
            {
                s = Math.Abs(h[l - 1, l - 1]) + Math.Abs(h[l, l]);
                if (s == 0) s = norm;
                if (Math.Abs(h[l, l - 1]) < eps * s) break;
                l--;
            }

            if (l == n)
            {
                // One root.
                re[n] = h[n, n] + exshift;
                im[n] = 0;
                n--;
                iter = 0;
            }
            else if (l == n - 1)
            {
                // Two roots: the eigenvalues of the trailing 2 × 2 block.
                w = h[n, n - 1] * h[n - 1, n];
                p = (h[n - 1, n - 1] - h[n, n]) / 2.0;
                q = p * p + w;
                z = Math.Sqrt(Math.Abs(q));
                x = h[n, n] + exshift;
                if (q >= 0)
                {
                    z = p >= 0 ? p + z : p - z;
                    re[n - 1] = x + z;
                    re[n] = z != 0 ? x - w / z : x + z;
                    im[n - 1] = 0;
                    im[n] = 0;
                }
                else
                {
                    re[n - 1] = x + p;
                    re[n] = x + p;
                    im[n - 1] = z;
                    im[n] = -z;
                }
                n -= 2;
                iter = 0;
            }
            else
            {
                // No convergence yet: form the shift.
                x = h[n, n];
                y = 0;
                w = 0;
                if (l < n)
                {
                    y = h[n - 1, n - 1];
                    w = h[n, n - 1] * h[n - 1, n];
                }
                if (iter == 10)
                {
                    // Wilkinson's exceptional shift.
                    exshift += x;
                    for (int i = low; i <= n; i++) h[i, i] -= x;
                    s = Math.Abs(h[n, n - 1]) + Math.Abs(h[n - 1, n - 2]);
                    x = y = 0.75 * s;
                    w = -0.4375 * s * s;
                }
                if (iter == 30)
                {
                    // MATLAB's exceptional shift.
                    s = (y - x) / 2.0;
                    s = s * s + w;
                    if (s > 0)
                    {
                        s = Math.Sqrt(s);
                        if (y < x) s = -s;
                        s = x - w / ((y - x) / 2.0 + s);
                        for (int i = low; i <= n; i++) h[i, i] -= s;
                        exshift += s;
                        x = y = w = 0.964;
                    }
                }
                if (++iter > 200)
                    throw new InvalidOperationException(
                        $"Linalg.Eigvals: the QR iteration did not converge for eigenvalue {n + 1} of {nn} after 200 steps; the matrix may be badly scaled.");

                // Look for two consecutive small subdiagonal elements.
                int m = n - 2;
                while (m >= l)
                {
                    z = h[m, m];
                    r = x - z;
                    s = y - z;
                    p = (r * s - w) / h[m + 1, m] + h[m, m + 1];
                    q = h[m + 1, m + 1] - z - r - s;
                    r = h[m + 2, m + 1];
                    s = Math.Abs(p) + Math.Abs(q) + Math.Abs(r);
                    p /= s;
                    q /= s;
                    r /= s;
                    if (m == l) break;
                    if (Math.Abs(h[m, m - 1]) * (Math.Abs(q) + Math.Abs(r)) <
                        eps * (Math.Abs(p) * (Math.Abs(h[m - 1, m - 1]) + Math.Abs(z) + Math.Abs(h[m + 1, m + 1]))))
                        break;
                    m--;
                }
                for (int i = m + 2; i <= n; i++)
                {
                    h[i, i - 2] = 0;
                    if (i > m + 2) h[i, i - 3] = 0;
                }

                // Double QR step on rows l..n and columns m..n.
                for (int k = m; k <= n - 1; k++)
                {
                    bool notLast = k != n - 1;
                    if (k != m)
                    {
                        p = h[k, k - 1];
                        q = h[k + 1, k - 1];
                        r = notLast ? h[k + 2, k - 1] : 0;
                        x = Math.Abs(p) + Math.Abs(q) + Math.Abs(r);
                        if (x == 0) continue;
                        p /= x;
                        q /= x;
                        r /= x;
                    }
                    else x = 0;
                    s = Math.Sqrt(p * p + q * q + r * r);
                    if (p < 0) s = -s;
                    if (s == 0) continue;
                    if (k != m) h[k, k - 1] = -s * x;
                    else if (l != m) h[k, k - 1] = -h[k, k - 1];
                    p += s;
                    x = p / s;
                    y = q / s;
                    z = r / s;
                    q /= p;
                    r /= p;
                    for (int j = k; j < nn; j++)
                    {
                        p = h[k, j] + q * h[k + 1, j];
                        if (notLast)
                        {
                            p += r * h[k + 2, j];
                            h[k + 2, j] -= p * z;
                        }
                        h[k, j] -= p * x;
                        h[k + 1, j] -= p * y;
                    }
                    for (int i = 0; i <= Math.Min(n, k + 3); i++)
                    {
                        p = x * h[i, k] + y * h[i, k + 1];
                        if (notLast)
                        {
                            p += z * h[i, k + 2];
                            h[i, k + 2] -= p * r;
                        }
                        h[i, k] -= p;
                        h[i, k + 1] -= p * q;
                    }
                }
            }
        }
    }
}
