using System.Text.Json;

namespace Docket.Engines.Messages;

/// <summary>
/// Reads one stdout line as a message. A line that is not one (not JSON, no or an unknown <c>type</c>, a missing or
/// malformed member) becomes a warning that quotes its start, so a noisy engine never ends a run.
/// </summary>
public static class EngineMessageParser
{
    /// <summary>How much of a bad line a warning quotes.</summary>
    public const int QuotedLength = 200;

    public static EngineMessage Parse(string line)
    {
        EngineMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<EngineMessage>(line, EngineJson.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return NotAMessage(line, e.Message);
        }

        return message is null ? NotAMessage(line, "null") : Check(message) is { } problem ? NotAMessage(line, problem) : message;
    }

    /// <summary>A warning about a line that was not a message.</summary>
    public static EngineLog NotAMessage(string line, string why) => new()
    {
        Level = EngineLogLevel.Warning,
        Text = $"engine wrote a line that is not a message ({First(why, QuotedLength)}): {First(line, QuotedLength)}",
    };

    /// <summary>What deserialization lets through but the contract does not: empty names, confidences outside 0..1.</summary>
    private static string? Check(EngineMessage message) => message switch
    {
        EngineMetrics { Values: var values } when values.Keys.Any(string.IsNullOrWhiteSpace) => "a metric without a name",
        EngineAnswer { Id: var id } when string.IsNullOrEmpty(id) => "an answer without an id",
        EngineAnswer { Fields: { } fields } when fields.Any(BadField) => "a field without a name or with a confidence outside 0..1",
        EngineReady { Concurrency: < 1 } => "a concurrency below 1",
        _ => null,
    };

    private static bool BadField(ExtractedField field) =>
        string.IsNullOrEmpty(field.Name) || field.Confidence is < 0 or > 1 || (field.Rows?.Any(r => r.Cells.Any(BadField)) ?? false);

    private static string First(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
}
