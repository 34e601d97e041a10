using System.Globalization;
using System.Text.Json;

namespace Docket.Testing;

/// <summary>
/// One event the <see cref="HecReceiver"/> accepted: the HEC event object as sent (<see cref="Hec"/>), its
/// <c>event</c> payload, the request channel and whether the request body was gzipped.
/// </summary>
public sealed record HecEvent(JsonElement Hec, JsonElement Event, Guid? Channel, bool Gzipped)
{
    /// <summary>HEC's <c>time</c> in epoch seconds, as a number or a numeric string; null when the sender left it out.</summary>
    public decimal? Time => Hec.TryGetProperty("time", out var time)
        ? time.ValueKind == JsonValueKind.Number ? time.GetDecimal() : decimal.Parse(time.GetString()!, CultureInfo.InvariantCulture)
        : null;

    public string? Host => Text("host");
    public string? Source => Text("source");
    public string? SourceType => Text("sourcetype");
    public string? Index => Text("index");

    /// <summary>An indexed field as its text (a string, or a number's or boolean's JSON text); null when absent.</summary>
    public string? Field(string name) =>
        Hec.TryGetProperty("fields", out var fields) && fields.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private string? Text(string name) => Hec.TryGetProperty(name, out var value) ? value.GetString() : null;
}
