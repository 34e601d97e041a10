using System.Collections.Frozen;
using System.Text.Json;
using Docket.Events;

namespace Docket.Server.Export;

/// <summary>Each event class's name, escaped once: envelopes and sink framing write it for every event.</summary>
internal static class EventClassNames
{
    private static readonly FrozenDictionary<EventClass, JsonEncodedText> Names =
        Enum.GetValues<EventClass>().ToFrozenDictionary(c => c, c => JsonEncodedText.Encode(c.ToString()));

    /// <summary>The name, as <see cref="Enum.ToString()"/> writes it (digits for a value outside the enum).</summary>
    public static JsonEncodedText Of(EventClass value) =>
        Names.TryGetValue(value, out var name) ? name : JsonEncodedText.Encode(value.ToString());
}
