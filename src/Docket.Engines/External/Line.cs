namespace Docket.Engines.External;

/// <summary>A line read from an engine's pipe: its text, or, for a line over the limit, only its length.</summary>
internal readonly record struct Line(string? Text, long Length)
{
    public bool Cut => Text is null;
}
