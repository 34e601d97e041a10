using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Engines;

/// <summary>The contract's JSON: camelCase, enums as camelCase strings, absent values left out, members in any order.</summary>
public static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // An engine in any language may write "type" last.
        AllowOutOfOrderMetadataProperties = true,
        NumberHandling = JsonNumberHandling.Strict,
        // An engine's strings are passed on, never rendered as HTML; keep them readable in input.json.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
