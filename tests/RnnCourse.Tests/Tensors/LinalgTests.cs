using System.Numerics;
using RnnCourse.Tensors;
using static RnnCourse.Tests.Support.GradCheck;

namespace RnnCourse.Tests.Tensors;

/// <summary>Linalg against matrices whose eigenvalues and singular values are known exactly.</summary>
public class LinalgTests
{
    private readonly Generator _g = new(31);

    private static Tensor Matrix(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var data = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) data[i * cols + j] = (float)m[i, j];
        return new Tensor(data, rows, cols);
    }

    private static void AssertEigenvalues(Complex[] expected, Complex[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var left = actual.ToList();
        foreach (Complex e in expected)
        {
            Complex nearest = left.MinBy(a => (a - e).Magnitude);
            Assert.True((nearest - e).Magnitude <= tolerance, $"eigenvalue {e} not found; nearest {nearest} (all: {string.Join(", ", actual)})");
            left.Remove(nearest);
        }
    }

    [Fact]
    public void EigenvaluesOfATriangularMatrixAreItsDiagonalLargestFirst()
    {
        var a = Matrix(new double[,] { { 0.5, 3, -1 }, { 0, -2, 4 }, { 0, 0, 1.25 } });
        Complex[] values = Linalg.Eigvals(a);
        Assert.Equal(new[] { -2.0, 1.25, 0.5 }, values.Select(v => Math.Round(v.Real, 6)));
        Assert.All(values, v => Assert.Equal(0, v.Imaginary, 9));
        Assert.Equal(2.0, Linalg.SpectralRadius(a), 6);
    }

    [Fact]
    public void ARotationHasTheConjugatePairOnTheUnitCircle()
    {
        double theta = 0.7;
        var rotation = Matrix(new double[,] { { Math.Cos(theta), -Math.Sin(theta) }, { Math.Sin(theta), Math.Cos(theta) } });
        Complex[] values = Linalg.Eigvals(rotation);
        AssertEigenvalues([Complex.FromPolarCoordinates(1, theta), Complex.FromPolarCoordinates(1, -theta)], values, 1e-6);
        Assert.True(values[0].Imaginary > 0); // the pair, positive imaginary part first
        Assert.Equal(1.0, Linalg.SpectralRadius(rotation), 6);
    }

    [Fact]
    public void TheCompanionMatrixOfAPolynomialHasItsRootsAsEigenvalues()
    {
        // p(λ) = (λ − 3)(λ + 1)(λ² − 2λ + 5) = λ⁴ − 4λ³ + 6λ² − 4λ − 15, roots 3, −1, 1 ± 2i.
        double[] c = [-4, 6, -4, -15];
        var companion = new double[4, 4];
        for (int j = 0; j < 4; j++) companion[0, j] = -c[j];
        for (int i = 1; i < 4; i++) companion[i, i - 1] = 1;
        AssertEigenvalues([3, -1, new Complex(1, 2), new Complex(1, -2)], Linalg.Eigvals(Matrix(companion)), 1e-4);
    }

    [Fact]
    public void EigenvaluesOfQLambdaQInverseAreLambda()
    {
        const int n = 6;
        double[] lambda = [1.5, -1.1, 0.9, 0.5, -0.25, 0.1];
        Tensor q = Random(_g, -1, 1, n, n) + Torch.Eye(n) * 2f; // well conditioned
        var diagonal = Torch.Zeros(n, n);
        for (int i = 0; i < n; i++) diagonal[i, i] = (float)lambda[i];
        Tensor a = q.MatMul(diagonal).MatMul(Linalg.Inv(q));
        AssertEigenvalues(lambda.Select(v => new Complex(v, 0)).ToArray(), Linalg.Eigvals(a), 1e-4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(40)]
    public void EigenvaluesOfARandomMatrixSumToItsTraceAndTheirSquaresToTheTraceOfItsSquare(int n)
    {
        Tensor a = Torch.Randn(_g, n, n);
        Complex[] values = Linalg.Eigvals(a);
        Assert.Equal(n, values.Length);
        double trace = 0, trace2 = 0;
        Tensor a2 = a.MatMul(a);
        for (int i = 0; i < n; i++) { trace += a[i, i]; trace2 += a2[i, i]; }
        Complex sum = values.Aggregate(Complex.Zero, (s, v) => s + v), sum2 = values.Aggregate(Complex.Zero, (s, v) => s + v * v);
        Assert.Equal(trace, sum.Real, 1e-3 * n);
        Assert.Equal(0, sum.Imaginary, 1e-6 * n);
        Assert.Equal(trace2, sum2.Real, 1e-3 * n);
        // Each λ is a root of det(A − λI): the smallest singular value of A − λI vanishes (real λ checked here).
        foreach (Complex v in values.Where(v => v.Imaginary == 0))
        {
            Tensor shifted = a - Torch.Eye(n) * (float)v.Real;
            Assert.True(Linalg.Svdvals(shifted)[^1] < 1e-4 * Linalg.SpectralNorm(a) * n, $"λ = {v}");
        }
        Assert.True(values.Zip(values.Skip(1)).All(p => p.First.Magnitude >= p.Second.Magnitude - 1e-12), "ordered by magnitude");
    }

    [Fact]
    public void SingularValuesOfRotatedDiagonalMatricesAndARankOneMatrix()
    {
        // A = R(α)·diag(3, 0.5)·R(β): singular values 3 and 0.5.
        double a = 0.3, b = -1.1;
        var left = Matrix(new double[,] { { Math.Cos(a), -Math.Sin(a) }, { Math.Sin(a), Math.Cos(a) } });
        var right = Matrix(new double[,] { { Math.Cos(b), -Math.Sin(b) }, { Math.Sin(b), Math.Cos(b) } });
        Tensor m = left.MatMul(Matrix(new double[,] { { 3, 0 }, { 0, 0.5 } })).MatMul(right);
        double[] s = Linalg.Svdvals(m);
        Assert.Equal(3, s[0], 5);
        Assert.Equal(0.5, s[1], 5);

        // u·vᵀ (4 × 3) has one singular value ‖u‖·‖v‖; wide and tall give the same.
        Tensor u = Torch.FromArray([1f, 2f, -2f, 4f], 4, 1), v = Torch.FromArray([3f, 0f, -4f], 1, 3);
        double[] rankOne = Linalg.Svdvals(u.MatMul(v));
        Assert.Equal(5 * 5, rankOne[0], 4);
        Assert.Equal(3, rankOne.Length);
        Assert.True(rankOne[1] < 1e-5 && rankOne[2] < 1e-5);
        Assert.Equal(rankOne, Linalg.Svdvals(v.T.MatMul(u.T)));
    }

    [Fact]
    public void TheSpectralNormBoundsEveryStretchAndIsReachedAndTheSquaresSumToTheFrobeniusNorm()
    {
        Tensor a = Torch.Randn(_g, 12, 9);
        double[] s = Linalg.Svdvals(a);
        double frobenius = a.Data.Sum(v => (double)v * v);
        Assert.Equal(frobenius, s.Sum(v => v * v), 1e-3);
        double norm = Linalg.SpectralNorm(a);
        for (int trial = 0; trial < 20; trial++)
        {
            Tensor x = Torch.Randn(_g, 9, 1);
            double stretch = Math.Sqrt(a.MatMul(x).Data.Sum(v => (double)v * v) / x.Data.Sum(v => (double)v * v));
            Assert.True(stretch <= norm * (1 + 1e-5));
        }
        // Power iteration on AᵀA reaches the same number.
        Tensor y = Torch.Randn(_g, 9, 1);
        for (int i = 0; i < 500; i++)
        {
            y = a.T.MatMul(a.MatMul(y));
            float length = MathF.Sqrt(y.Data.Sum(v => v * v));
            y = y / length;
        }
        Assert.Equal(norm, Math.Sqrt(a.MatMul(y).Data.Sum(v => (double)v * v)), 1e-3 * norm);
    }

    [Fact]
    public void TheSpectralRadiusNeverExceedsTheSpectralNorm()
    {
        for (int trial = 0; trial < 10; trial++)
        {
            Tensor a = Torch.Randn(_g, 8, 8);
            Assert.True(Linalg.SpectralRadius(a) <= Linalg.SpectralNorm(a) * (1 + 1e-6));
        }
    }

    [Fact]
    public void EyeIsTheIdentityOfMatMulAndItsOwnInverse()
    {
        Tensor a = Torch.Randn(_g, 4, 4);
        Assert.Equal(a.Data, Torch.Eye(4).MatMul(a).Data);
        Assert.Equal(a.Data, a.MatMul(Torch.Eye(4)).Data);
        Assert.Equal(Torch.Eye(3).Data, Linalg.Inv(Torch.Eye(3)).Data);
        Assert.Equal([0, 0], Torch.Eye(0).Shape);
    }

    [Fact]
    public void InverseTimesTheMatrixIsTheIdentityAndASingularMatrixIsRefused()
    {
        Tensor a = Torch.Randn(_g, 7, 7);
        Tensor product = a.MatMul(Linalg.Inv(a));
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++) Assert.Equal(i == j ? 1f : 0f, product[i, j], 1e-4f);

        var singular = Torch.FromRows([[1f, 2f], [2f, 4f]]);
        Assert.Contains("singular", Assert.Throws<ArgumentException>(() => Linalg.Inv(singular)).Message);
        Assert.Contains("(2, 3)", Assert.Throws<ArgumentException>(() => Linalg.Eigvals(Torch.Ones(2, 3))).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Linalg.Eigvals(Torch.FromRows([[float.NaN]]))).Message);
    }
}
