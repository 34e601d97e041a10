using System.Text.Json.Serialization;

namespace Docket.Engines.Messages;

/// <summary>One line to a warm inference engine's stdin: read the page image at <see cref="Path"/>, answer with <see cref="Id"/>.</summary>
public sealed record PageRequest
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "page";

    public required string Id { get; init; }
    public required string Path { get; init; }
}
