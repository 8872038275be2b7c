using System.Text;
using RnnCourse.NotebookRunner.Scripting;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// Redirects Console.Out and Console.Error while a cell runs. The installed writers send text to
/// the cell running in the current async flow (so two notebooks running at once in one process do
/// not mix their output) and pass anything else through to the original writers. Installation is
/// counted: the original writers are restored when the last running cell ends.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly object Gate = new();
    private static int _users;
    private static TextWriter? _originalOut;
    private static TextWriter? _originalError;

    public static IDisposable Install()
    {
        lock (Gate)
        {
            if (_users++ == 0)
            {
                _originalOut = Console.Out;
                _originalError = Console.Error;
                Console.SetOut(new RoutingWriter("stdout", _originalOut));
                Console.SetError(new RoutingWriter("stderr", _originalError));
            }
        }

        return new Release();
    }

    private sealed class Release : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1)
            {
                return;
            }

            lock (Gate)
            {
                if (--_users == 0)
                {
                    Console.Out.Flush();
                    Console.Error.Flush();
                    Console.SetOut(_originalOut!);
                    Console.SetError(_originalError!);
                    _originalOut = null;
                    _originalError = null;
                }
            }
        }
    }

    private sealed class RoutingWriter(string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value) => Route(value.ToString());

        public override void Write(string? value)
        {
            if (value is not null)
            {
                Route(value);
            }
        }

        public override void Write(char[] buffer, int index, int count) => Route(new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Route(new string(buffer));

        public override void WriteLine() => Route(NewLine);

        public override void WriteLine(string? value) => Route((value ?? "") + NewLine);

        public override void Flush()
        {
            if (NotebookDisplay.Current.Value is null)
            {
                fallback.Flush();
            }
        }

        private void Route(string text)
        {
            if (NotebookDisplay.Current.Value is { } collector)
            {
                collector.Write(stream, text);
            }
            else
            {
                fallback.Write(text);
            }
        }
    }
}
