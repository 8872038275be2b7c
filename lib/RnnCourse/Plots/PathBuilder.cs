using System.Text;
using static RnnCourse.Plots.NumberFormat;

namespace RnnCourse.Plots;

/// <summary>
/// Builds SVG path data for a polyline through pixel positions, breaking the line at missing points and
/// thinning runs of points that fall on the same pixel column (keeping first, lowest, highest and last),
/// so a 100 000-step loss curve draws the same shape with a few thousand vertices.
/// </summary>
internal sealed class PathBuilder
{
    private readonly StringBuilder _d = new();
    private bool _penDown;
    private int _pointsSinceMove;
    private readonly List<(double X, double Y)> _column = [];
    private int _columnIndex = int.MinValue;

    /// <summary>Adds a point; NaN coordinates lift the pen so the line resumes at the next valid point.</summary>
    public void Add(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            Flush();
            LiftPen();
            return;
        }
        var column = (int)Math.Floor(x);
        if (column != _columnIndex) Flush();
        _columnIndex = column;
        _column.Add((x, y));
    }

    public bool IsEmpty => _d.Length == 0 && _column.Count == 0;

    public string Build()
    {
        Flush();
        LiftPen();
        return _d.ToString().TrimEnd();
    }

    private void Flush()
    {
        if (_column.Count == 0) return;
        if (_column.Count <= 4)
        {
            foreach (var p in _column) Emit(p);
        }
        else
        {
            int low = 0, high = 0;
            for (var i = 1; i < _column.Count; i++)
            {
                if (_column[i].Y < _column[low].Y) low = i;
                if (_column[i].Y > _column[high].Y) high = i;
            }
            int[] keep = [0, Math.Min(low, high), Math.Max(low, high), _column.Count - 1];
            var previous = -1;
            foreach (var i in keep)
            {
                if (i == previous) continue;
                Emit(_column[i]);
                previous = i;
            }
        }
        _column.Clear();
        _columnIndex = int.MinValue;
    }

    private void Emit((double X, double Y) p)
    {
        _d.Append(_penDown ? 'L' : 'M').Append(Coordinate(p.X)).Append(',').Append(Coordinate(p.Y)).Append(' ');
        _penDown = true;
        _pointsSinceMove++;
    }

    // A lone point between gaps would draw nothing; a zero-length segment with round caps shows it as a dot.
    private void LiftPen()
    {
        if (_pointsSinceMove == 1) _d.Append("h0 ");
        _penDown = false;
        _pointsSinceMove = 0;
    }
}
