using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

public class HistoryTests
{
    [Fact]
    public void CsvHasOneRowPerStepWithTheValidationLossWhereMeasuredAndRoundTrips()
    {
        var history = new History();
        history.Add(new StepRecord(1, 3.3f, 12.5f, 1e-3));
        history.Add(new StepRecord(2, 2.9f, 0.1f / 3, 2e-3 / 3));
        history.Add(new EvaluationRecord(2, 2.75, Math.Exp(2.75)));

        string csv = history.ToCsv();
        Assert.Equal(
            "step,loss,grad_norm,learning_rate,validation_loss\n" +
            "1,3.3,12.5,0.001,\n" +
            $"2,2.9,{(0.1f / 3).ToString("R", System.Globalization.CultureInfo.InvariantCulture)},{(2e-3 / 3).ToString("R", System.Globalization.CultureInfo.InvariantCulture)},2.75\n",
            csv);

        History back = History.FromCsv(csv);
        Assert.Equal(history.Steps, back.Steps);
        Assert.Equal(history.Evaluations, back.Evaluations);
        Assert.Equal([12.5f, 0.1f / 3], back.GradNorms);
    }

    [Fact]
    public void AMalformedCsvIsRefusedWithTheLine()
    {
        Assert.Contains("header", Assert.Throws<FormatException>(() => History.FromCsv("a,b\n1,2")).Message);
        var e = Assert.Throws<FormatException>(() => History.FromCsv(History.CsvHeader + "\n1,x,2,3,\n"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void MovingMeanAveragesTheWindowEndingAtEachStep()
    {
        float[] losses = [4f, 2f, 6f, 0f, 8f];
        double[] expected = [4, 3, 4, (2 + 6 + 0) / 3.0, (6 + 0 + 8) / 3.0];   // fewer values while the window fills
        double[] means = History.MovingMean(losses, 3);
        Assert.Equal(expected.Length, means.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], means[i], 12);
        Assert.Equal([1.5, 2.5], History.MovingMean(new[] { 1.5, 2.5 }, 1));
        Assert.Equal([1.0, 1.5, 2.0], History.MovingMean(new[] { 1, 2, 3 }, 10));  // a window wider than the curve: the running mean
        Assert.Throws<ArgumentOutOfRangeException>(() => History.MovingMean(losses, 0));
    }
}
