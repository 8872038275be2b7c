using System.Text;
using RnnCourse.CourseTool;

Console.OutputEncoding = new UTF8Encoding(false);
return CourseCli.Run(args, Console.Out, Console.Error);
