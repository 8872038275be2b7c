using System.Text;

namespace RnnCourse.NotebookRunner;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        var exitCode = Cli.Run(args, Console.Out, Console.Error);
        Console.Out.Flush();
        Console.Error.Flush();

        // Code left running by a timed-out cell may hold a foreground thread; do not wait for it.
        Environment.Exit(exitCode);
        return exitCode;
    }
}
