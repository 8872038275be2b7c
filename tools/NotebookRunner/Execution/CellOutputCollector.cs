using System.Text;
using RnnCourse.NotebookRunner.Scripting;

namespace RnnCourse.NotebookRunner;

/// <summary>
/// Collects one cell's outputs in the order they happen: Console writes become stream outputs
/// (consecutive writes to the same stream are merged, as Jupyter does), display calls become
/// display_data between them. Writes after the cell ended (from code still running in the
/// background) are dropped.
/// </summary>
internal sealed class CellOutputCollector
{
    private static int _nextDisplayId;

    private readonly object _gate = new();
    private readonly List<Item> _items = new();
    private bool _sealed;

    public void Write(string stream, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_sealed)
            {
                return;
            }

            if (_items.Count > 0 && _items[^1] is StreamItem last && last.Name == stream)
            {
                last.Text.Append(text);
            }
            else
            {
                _items.Add(new StreamItem(stream, new StringBuilder(text)));
            }
        }
    }

    public DisplayedValue Display(object? value, string[] mimeTypes)
    {
        // Format outside the lock: a formatter may itself write to the console.
        var item = new DisplayItem(DisplayFormatter.Format(value, mimeTypes));
        lock (_gate)
        {
            if (!_sealed)
            {
                _items.Add(item);
            }
        }

        var id = $"display-{Interlocked.Increment(ref _nextDisplayId)}";
        return new DisplayedValue(id, mimeTypes, v =>
        {
            var data = DisplayFormatter.Format(v, mimeTypes);
            lock (_gate)
            {
                item.Data = data;
            }
        });
    }

    public void AddExecuteResult(int executionCount, IReadOnlyList<KeyValuePair<string, string>> data)
    {
        lock (_gate)
        {
            _items.Add(new ResultItem(executionCount, data));
        }
    }

    public void AddError(NotebookOutput error)
    {
        lock (_gate)
        {
            _items.Add(new ErrorItem(error));
        }
    }

    /// <summary>Ends collection: later writes are ignored. Returns the outputs in order.</summary>
    public List<NotebookOutput> Seal()
    {
        lock (_gate)
        {
            _sealed = true;
            return _items.Select(ToOutput).ToList();
        }
    }

    /// <summary>The outputs so far, keeping collection open.</summary>
    public List<NotebookOutput> Snapshot()
    {
        lock (_gate)
        {
            return _items.Select(ToOutput).ToList();
        }
    }

    private static NotebookOutput ToOutput(Item item) => item switch
    {
        StreamItem s => NotebookOutput.Stream(s.Name, s.Text.ToString()),
        DisplayItem d => NotebookOutput.DisplayData(d.Data),
        ResultItem r => NotebookOutput.ExecuteResult(r.ExecutionCount, r.Data),
        ErrorItem e => e.Output,
        _ => throw new InvalidOperationException(item.GetType().Name),
    };

    private abstract class Item;

    private sealed class StreamItem(string name, StringBuilder text) : Item
    {
        public string Name { get; } = name;
        public StringBuilder Text { get; } = text;
    }

    private sealed class DisplayItem(IReadOnlyList<KeyValuePair<string, string>> data) : Item
    {
        public IReadOnlyList<KeyValuePair<string, string>> Data { get; set; } = data;
    }

    private sealed class ResultItem(int executionCount, IReadOnlyList<KeyValuePair<string, string>> data) : Item
    {
        public int ExecutionCount { get; } = executionCount;
        public IReadOnlyList<KeyValuePair<string, string>> Data { get; } = data;
    }

    private sealed class ErrorItem(NotebookOutput output) : Item
    {
        public NotebookOutput Output { get; } = output;
    }
}
