namespace RnnCourse.RnnTrainer.Tests;

/// <summary>Small generated texts: a list of made-up names (lines) and a repetitive little play (a stream).</summary>
public static class TinyTexts
{
    public static string Names()
    {
        string[] starts = ["an", "el", "mar", "jo", "li", "sa", "ka", "ro"], ends = ["na", "la", "ya", "ne", "o", "ie", "an", "a"];
        return string.Join("\n", starts.SelectMany(s => ends.Select(e => s + e))) + "\n";
    }

    public static string Play()
    {
        var lines = new List<string>();
        for (int i = 0; i < 40; i++)
            lines.Add(i % 2 == 0 ? $"ROMEO:\nBut soft, what light {i % 5} breaks.\n" : $"JULIET:\nIt is the east, and {i % 3} is the sun.\n");
        return string.Join("\n", lines);
    }
}
