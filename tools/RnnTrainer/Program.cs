using System.Text;

namespace RnnCourse.RnnTrainer;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        return TrainerCli.Run(args, Console.Out, Console.Error);
    }
}
