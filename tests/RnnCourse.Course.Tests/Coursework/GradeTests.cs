using System.Text.Json.Nodes;
using RnnCourse.CourseTool.Tests.Support;
using Xunit.Abstractions;
using static RnnCourse.CourseTool.Tests.Coursework.ExerciseNotebooks;

namespace RnnCourse.CourseTool.Tests.Coursework;

/// <summary><c>course grade</c> through dotnet-repl on a small chapter with two exercises (2 and 3 points).</summary>
public class GradeTests(ITestOutputHelper output)
{
    private sealed class Course : IDisposable
    {
        public readonly TempFolder Folder = new();
        public string Source => Folder.Combine("source", "09-chapter.ipynb");
        public string SourceFolder => Folder.Combine("source");

        public Course()
        {
            Folder.Save(Chapter(), "source/09-chapter.ipynb");
        }

        /// <summary>The student version, changed by <paramref name="edit"/>, saved as a submission.</summary>
        public string Submission(string student, Action<Notebook>? edit = null)
        {
            var notebook = Assigner.StudentVersion(Notebook.Load(Source), "09-chapter.ipynb");
            edit?.Invoke(notebook);
            return Folder.Save(notebook, $"submitted/{student}/09-chapter.ipynb");
        }

        public JsonNode Grade(ITestOutputHelper output, params string[] submissions)
        {
            string json = Folder.Combine("grades.json");
            var (exitCode, log) = CourseCommand.Run(["grade", .. submissions, "--source", SourceFolder, "--out", json, "--timeout", "120"]);
            output.WriteLine(log);
            Assert.True(exitCode == 0, log);
            return JsonNode.Parse(File.ReadAllText(json))!;
        }

        public void Dispose() => Folder.Dispose();
    }

    private static void Answer(Notebook notebook, string gradeId, string body)
    {
        var cell = CellOf(notebook, gradeId);
        cell.Source = cell.Source.Replace($"throw new NotImplementedException(\"Exercise {gradeId["exercise-".Length..]}: not attempted\");", body);
    }

    private static (double Points, string Message) Exercise(JsonNode submission, string gradeId)
    {
        var exercise = submission["exercises"]!.AsArray().Single(e => (string?)e!["grade_id"] == gradeId)!;
        return ((double)exercise["points"]!, (string)exercise["message"]!);
    }

    [SkippableFact]
    public void Right_untouched_and_wrong_submissions_score_full_zero_and_per_exercise_with_JSON_and_CSV()
    {
        Requires.DotnetRepl(output);
        using var course = new Course();
        string right = course.Submission("ada", n => { Answer(n, "exercise-9.1", "return n * 2;"); Answer(n, "exercise-9.2", "return values.Aggregate(0, (a, b) => a + b);"); });
        string untouched = course.Submission("bob");
        string half = course.Submission("cy", n => Answer(n, "exercise-9.1", "return n + 2;"));

        var grades = course.Grade(output, right, untouched, half)["submissions"]!.AsArray();

        Assert.Equal([right, untouched, half], grades.Select(s => (string)s!["file"]!));
        Assert.All(grades, s => Assert.Equal("09-chapter.ipynb", (string)s!["notebook"]!));
        Assert.Equal([5.0, 0.0, 0.0], grades.Select(s => (double)s!["points"]!));
        Assert.All(grades, s => Assert.Equal(5.0, (double)s!["max_points"]!));
        Assert.Equal((0.0, "Exercise 9.1, Double: not attempted (the answer still throws NotImplementedException; replace that line with your code)."), Exercise(grades[1]!, "exercise-9.1-check"));
        Assert.Equal((0.0, "Exercise 9.1, Double: Double(5) is 7, expected 10 — did you add 2 instead of multiplying by 2?"), Exercise(grades[2]!, "exercise-9.1-check"));
        Assert.Equal((0.0, "Exercise 9.2, Total: not attempted (the answer still throws NotImplementedException; replace that line with your code)."), Exercise(grades[2]!, "exercise-9.2-check"));
        Assert.All(grades, s => Assert.Empty(s!["edited_locked_cells"]!.AsArray()));

        string[] csv = File.ReadAllLines(course.Folder.Combine("grades.csv"));
        Assert.Equal("file,notebook,grade_id,points,max_points,message", csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.Equal($"{right},09-chapter.ipynb,exercise-9.2-check,3,3,", csv[2]);
        Assert.Equal($"{half},09-chapter.ipynb,exercise-9.1-check,0,2,\"Exercise 9.1, Double: Double(5) is 7, expected 10 — did you add 2 instead of multiplying by 2?\"", csv[5]);
    }

    [SkippableFact]
    public void A_hidden_test_catches_what_the_public_checks_do_not()
    {
        Requires.DotnetRepl(output);
        using var course = new Course();
        // Right for 5, wrong for -3: passes the student's checks, fails the hidden one.
        string sly = course.Submission("dee", n => { Answer(n, "exercise-9.1", "return n == 5 ? 10 : 0;"); Answer(n, "exercise-9.2", "return values.Sum();"); });

        var grade = course.Grade(output, sly)["submissions"]![0]!;

        Assert.Equal((0.0, "Exercise 9.1, Double: Double(-3) is 0, expected -6"), Exercise(grade, "exercise-9.1-check"));
        Assert.Equal(3.0, (double)grade["points"]!);
    }

    [SkippableFact]
    public void An_edited_or_deleted_locked_cell_is_reported_and_graded_from_the_source()
    {
        Requires.DotnetRepl(output);
        using var course = new Course();
        string cheat = course.Submission("eve", n =>
        {
            CellOf(n, "exercise-9.1-check").Source = "Console.WriteLine(\"all good\");";
            n.Cells.Remove(CellOf(n, "exercise-9.2-check"));
        });

        var grade = course.Grade(output, cheat)["submissions"]![0]!;

        Assert.Equal(["exercise-9.1-check", "exercise-9.2-check"], grade["edited_locked_cells"]!.AsArray().Select(n => (string)n!));
        Assert.Contains("not attempted", Exercise(grade, "exercise-9.1-check").Message);
        Assert.Contains("not attempted", Exercise(grade, "exercise-9.2-check").Message);
        Assert.Equal(0.0, (double)grade["points"]!);
    }

    [SkippableFact]
    public void A_submission_that_hangs_is_stopped_and_scored_as_far_as_it_got()
    {
        Requires.DotnetRepl(output);
        using var course = new Course();
        string hangs = course.Submission("fay", n => { Answer(n, "exercise-9.1", "return 2 * n;"); Answer(n, "exercise-9.2", "while (true) { }"); });
        string json = course.Folder.Combine("grades.json");

        var (exitCode, log) = CourseCommand.Run("grade", hangs, "--source", course.SourceFolder, "--out", json, "--timeout", "60");   // the first exercise needs a few seconds: a wide margin on a busy machine

        output.WriteLine(log);
        Assert.Equal(0, exitCode);
        var grade = JsonNode.Parse(File.ReadAllText(json))!["submissions"]![0]!;
        Assert.Equal((2.0, ""), Exercise(grade, "exercise-9.1-check"));
        Assert.Equal((0.0, "not run: stopped after 60 s (the timeout)"), Exercise(grade, "exercise-9.2-check"));
    }

    [Fact]
    public void A_malformed_submission_or_one_without_a_source_stops_before_anything_runs()
    {
        using var course = new Course();
        string broken = course.Folder.WriteText("submitted/gus/09-chapter.ipynb", "{ not json");
        string stranger = course.Folder.Save(Notebooks.OfCells("1"), "submitted/gus/10-other.ipynb");
        string json = course.Folder.Combine("grades.json");

        var (brokenCode, brokenLog) = CourseCommand.Run("grade", broken, "--source", course.SourceFolder, "--out", json);
        var (strangerCode, strangerLog) = CourseCommand.Run("grade", stranger, "--source", course.SourceFolder, "--out", json);
        var (folderCode, folderLog) = CourseCommand.Run("grade", stranger, "--source", course.Folder.Combine("nowhere"), "--out", json);

        Assert.Equal(2, brokenCode);
        Assert.StartsWith($"course: '{broken}' is not valid JSON:", brokenLog);
        Assert.Equal(2, strangerCode);
        Assert.Equal($"course: Cannot grade '{stranger}': there is no source notebook '{Path.Combine(course.SourceFolder, "10-other.ipynb")}' of the same name.", strangerLog.Trim());
        Assert.Equal(1, folderCode);
        Assert.Contains("is not a folder; give the folder of the chapter notebooks", folderLog);
        Assert.False(File.Exists(json));
    }
}
