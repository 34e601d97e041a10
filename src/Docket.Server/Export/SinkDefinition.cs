using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Docket.Server.Export;

/// <summary>
/// What the factory knows of one kind of sink: its options type, how to build it, and which options are secrets.
/// Registered beside the sinks in <see cref="ExportExtensions"/>.
/// </summary>
public sealed class SinkDefinition<TOptions>(
    SinkKind kind, Func<IServiceProvider, TOptions, IExportSink> create, Func<IServiceProvider, TOptions, string?>? check = null, params string[] secrets)
    : ISinkDefinition
    where TOptions : class
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    public SinkKind Kind => kind;

    public IExportSink Create(IServiceProvider services, string settingsJson) =>
        create(services, JsonSerializer.Deserialize<TOptions>(settingsJson, Json) ?? throw new InvalidOperationException("Empty sink settings."));

    /// <summary>Checks the settings; the sink's own check (which may need services) runs when <paramref name="services"/> is given.</summary>
    public string? Validate(string settingsJson, IServiceProvider? services = null)
    {
        TOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<TOptions>(settingsJson, Json);
        }
        catch (JsonException exception)
        {
            // The parser's message names the field and position, never the value.
            return exception.Message;
        }

        if (options is null)
        {
            return "are required.";
        }

        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? (services is null ? null : check?.Invoke(services, options))
            : string.Join(" ", results.Select(r => r.ErrorMessage));
    }

    public string Redact(string settingsJson)
    {
        var node = JsonNode.Parse(settingsJson)!.AsObject();
        foreach (var property in node.ToList())
        {
            if (secrets.Contains(property.Key, StringComparer.OrdinalIgnoreCase) && property.Value is not null)
            {
                node[property.Key] = "***";
            }
        }

        return node.ToJsonString();
    }
}
