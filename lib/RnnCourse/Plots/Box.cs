namespace RnnCourse.Plots;

/// <summary>A rectangle in SVG pixels: top-left corner, width and height (y grows downwards).</summary>
internal readonly record struct Box(double X, double Y, double W, double H)
{
    public double Right => X + W;
    public double Bottom => Y + H;
    public double CenterX => X + W / 2;
    public double CenterY => Y + H / 2;

    /// <summary>Shrinks the box by the given margins, never below zero size.</summary>
    public Box Inset(double left, double top, double right, double bottom) =>
        new(X + left, Y + top, Math.Max(0, W - left - right), Math.Max(0, H - top - bottom));
}
