namespace Docket.Engines.Messages;

/// <summary>A rectangle in page pixels, origin top left, as markings have it (docs/marking.md).</summary>
public sealed record EngineBox(int X, int Y, int Width, int Height);
