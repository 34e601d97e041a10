namespace Docket.Contracts.Markings;

/// <summary>A rectangle in page pixels, origin top left, on the page as stored (before rotation).</summary>
public sealed record MarkingBox(int X, int Y, int Width, int Height);
