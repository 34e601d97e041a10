using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Server.Export;

/// <summary>How sink settings are read: camelCase (names match whatever the case), enums by name, unknown or repeated options refused.</summary>
internal static class SinkSettingsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // "token" and "Token" are one option: a second one must not decide which value counts.
        AllowDuplicateProperties = false,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The name an option has in the API (<c>token</c> for <c>Token</c>).</summary>
    public static string Name(string option) => JsonNamingPolicy.CamelCase.ConvertName(option);
}
