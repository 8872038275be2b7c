using System.Text.Json.Nodes;
using RnnCourse.CourseTool.Tests.Support;

namespace RnnCourse.CourseTool.Tests.Coursework;

/// <summary>A small chapter with two exercises in the format of docs/exercises.md, loading the built library by an absolute path.</summary>
public static class ExerciseNotebooks
{
    public static JsonObject Nbgrader(string gradeId, bool solution = false, bool grade = false, bool locked = false, double? points = null)
    {
        var metadata = new JsonObject
        {
            ["grade"] = grade,
            ["grade_id"] = gradeId,
            ["locked"] = locked,
            ["schema_version"] = 3,
            ["solution"] = solution,
            ["task"] = false,
        };
        if (points is { } p) metadata["points"] = p;
        return metadata;
    }

    public static NotebookCell Answer(string number, string source, string mistake, string message)
    {
        var cell = NotebookCell.Code(source);
        cell.Metadata["nbgrader"] = Nbgrader($"exercise-{number}", solution: true);
        cell.Metadata["rnn_course"] = new JsonObject { ["mistake"] = new JsonObject { ["solution"] = mistake, ["message"] = message } };
        return cell;
    }

    public static NotebookCell Check(string number, double points, string source)
    {
        var cell = NotebookCell.Code(source);
        cell.Metadata["nbgrader"] = Nbgrader($"exercise-{number}-check", grade: true, locked: true, points: points);
        return cell;
    }

    /// <summary>Exercise 9.1 doubles a number (2 points); exercise 9.2 sums a list (3 points); the set-up cell is locked.</summary>
    public static Notebook Chapter()
    {
        var setup = NotebookCell.Code($"#r \"{Repository.LibraryDll.Replace('\\', '/')}\"\nusing RnnCourse.Grading;\nConsole.WriteLine(\"set up\");");
        setup.Metadata["nbgrader"] = Nbgrader("setup", locked: true);
        var notebook = Notebook.Create().Markdown("# Chapter 9");
        notebook.Add(setup);
        notebook.Markdown("### Exercise 9.1");
        notebook.Add(Answer("9.1", """
            int Double(int n)
            {
                // BEGIN SOLUTION
                return 2 * n;
                // END SOLUTION
            }
            """, "return n + 2;", "did you add 2 instead of multiplying by 2?"));
        notebook.Add(Check("9.1", 2, """
            var exercise91 = new Exercise("9.1", "Double");
            exercise91.Equal(exercise91.Run(() => Double(5)), 10, "Double(5)", (7, "did you add 2 instead of multiplying by 2?"));
            // BEGIN HIDDEN TESTS
            exercise91.Equal(Double(-3), -6, "Double(-3)");
            // END HIDDEN TESTS
            exercise91.Passed();
            """));
        notebook.Markdown("### Exercise 9.2");
        notebook.Add(Answer("9.2", """
            int Total(int[] values)
            {
                // BEGIN SOLUTION
                return values.Sum();
                // END SOLUTION
            }
            """, "return values.Length;", "add the values, do not count them"));
        notebook.Add(Check("9.2", 3, """
            var exercise92 = new Exercise("9.2", "Total");
            exercise92.Equal(exercise92.Run(() => Total([1, 2, 3, 4])), 10, "Total(1, 2, 3, 4)", (4, "add the values, do not count them"));
            exercise92.Passed();
            """));
        return notebook;
    }

    public static NotebookCell CellOf(Notebook notebook, string gradeId) =>
        notebook.Cells.Single(c => (string?)c.Metadata["nbgrader"]?["grade_id"] == gradeId);
}
