using System.Text.Json.Nodes;
using RnnCourse.CourseTool.Tests.Support;
using Xunit.Abstractions;

namespace RnnCourse.CourseTool.Tests.CourseNotebooks;

/// <summary>
/// Every chapter's graded exercises, through <c>course check-exercises</c>: at least three; the chapter graded in full
/// marks; its untouched student version in zero with every exercise "not attempted"; every answer replaced by its
/// known mistake, each exercise in zero with that mistake's message. For chapter 1, each mistake alone also costs
/// exactly its own exercise's points.
/// </summary>
public class ChapterExercisesTests(ITestOutputHelper output)
{
    public static TheoryData<string> Chapters() => new(Repository.Notebooks());

    [SkippableTheory]
    [MemberData(nameof(Chapters))]
    public void A_chapters_exercises_grade_as_they_should(string chapter)
    {
        Requires.ChapterRun(output);

        var (exitCode, log) = CourseCommand.Run("check-exercises", Path.Combine(Repository.NotebooksFolder, chapter));

        output.WriteLine(log);
        Assert.True(exitCode == 0, log);
        Assert.Contains("exercises: all 1 notebooks grade as expected", log);
    }

    [SkippableFact]
    public void Each_known_mistake_of_chapter_1_alone_costs_exactly_its_exercises_points()
    {
        Requires.ChapterRun(output);
        const string name = "01-state-machines.ipynb";
        var source = Notebook.Load(Path.Combine(Repository.NotebooksFolder, name));
        var exercises = Exercises.Read(source, name);
        using var folder = new TempFolder();
        var submissions = new List<string>();
        foreach (var exercise in exercises)
        {
            // The chapter as written, with this one answer replaced by its known mistake.
            var withMistake = Assigner.WithMistakes(source, name);
            var submission = source.Clone();
            int answer = source.Cells.IndexOf(exercise.Answer.Cell);
            submission.Cells[answer] = withMistake.Cells[answer];
            submissions.Add(folder.Save(submission, $"{exercise.Number}/{name}"));
        }

        var (exitCode, log) = CourseCommand.Run(["grade", .. submissions, "--source", Repository.NotebooksFolder, "--out", folder.Combine("grades.json")]);

        output.WriteLine(log);
        Assert.True(exitCode == 0, log);
        var grades = JsonNode.Parse(File.ReadAllText(folder.Combine("grades.json")))!["submissions"]!.AsArray();
        for (int i = 0; i < exercises.Count; i++)
        {
            foreach (var score in grades[i]!["exercises"]!.AsArray())
            {
                bool wrong = (string?)score!["grade_id"] == exercises[i].Test.GradeId;
                Assert.Equal(wrong ? 0 : (double)score["max_points"]!, (double)score["points"]!);
                if (wrong) Assert.Contains(Exercises.Mistake(exercises[i].Answer.Cell)!.Value.Message, (string)score["message"]!);
            }
        }
    }
}
