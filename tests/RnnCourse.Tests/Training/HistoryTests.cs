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
}
