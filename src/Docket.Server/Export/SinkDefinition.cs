using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json;
using Docket.Contracts.Export;

namespace Docket.Server.Export;

/// <summary>
/// What the factory knows of one kind of sink: its options type, how to build it, its own checks, which options are
/// secrets and which option says where those secrets go. Registered beside the sinks in <see cref="ExportExtensions"/>.
/// </summary>
public sealed class SinkDefinition<TOptions>(SinkKind kind, Func<IServiceProvider, TOptions, SinkOwner, IExportSink> create) : ISinkDefinition
    where TOptions : class
{
    private const string Kept = "***";

    public SinkKind Kind => kind;

    /// <summary>The sink's own check beyond its options' attributes, one that needs services (a folder, the destination policy).</summary>
    public Func<IServiceProvider, TOptions, SinkOwner, string?>? Check { get; init; }

    /// <summary>Options that hold secrets (PascalCase, as in <typeparamref name="TOptions"/>): shown as <c>"***"</c>, encrypted in the database.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>
    /// The option that decides who receives the secrets (its name, and its value in a comparable form). A secret sent
    /// back as <c>"***"</c> is kept only while this stays the same: pointing a stored token elsewhere takes the token.
    /// </summary>
    public (string Name, Func<TOptions, string> Value)? Destination { get; init; }

    public IExportSink Create(IServiceProvider services, string settingsJson, SinkOwner owner) =>
        create(services, Read(settingsJson) ?? throw new InvalidOperationException("Empty sink settings."), owner);

    /// <summary>Checks the settings; the sink's own check (which may need services) runs when <paramref name="services"/> is given.</summary>
    public string? Validate(string settingsJson, SinkOwner? owner = null, IServiceProvider? services = null)
    {
        TOptions? options;
        try
        {
            options = Read(settingsJson);
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
            ? (services is null ? null : Check?.Invoke(services, options, owner ?? new SinkOwner(Guid.Empty, null)))
            : string.Join(" ", results.Select(r => r.ErrorMessage));
    }

    public string Redact(string settingsJson)
    {
        var node = JsonNode.Parse(settingsJson)!.AsObject();
        foreach (var property in node.ToList())
        {
            if (IsSecret(property.Key) && property.Value is not null)
            {
                node[property.Key] = Kept;
            }
        }

        return node.ToJsonString();
    }

    public string KeepSecrets(string incomingJson, string? storedJson, IDictionary<string, string[]> errors)
    {
        JsonObject incoming;
        try
        {
            incoming = JsonNode.Parse(incomingJson)!.AsObject();
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            // Validation reports what is wrong with it.
            return incomingJson;
        }

        var stored = storedJson is null ? null : JsonNode.Parse(storedJson)!.AsObject();
        var kept = new List<string>();
        foreach (var property in incoming.ToList())
        {
            if (!IsSecret(property.Key) || property.Value is not JsonValue value || !value.TryGetValue<string>(out var text) || text != Kept)
            {
                continue;
            }

            var previous = stored?.FirstOrDefault(p => string.Equals(p.Key, property.Key, StringComparison.OrdinalIgnoreCase)).Value;
            if (previous is null)
            {
                errors["settings." + SinkSettingsJson.Name(property.Key)] =
                    [$"is \"{Kept}\", which keeps a stored secret, and there is none to keep: send the secret itself."];
                continue;
            }

            incoming[property.Key] = previous.DeepClone();
            kept.Add(property.Key);
        }

        if (kept.Count > 0 && Destination is { } destination && !SameDestination(destination.Value, incoming.ToJsonString(), storedJson!))
        {
            var where = SinkSettingsJson.Name(destination.Name);
            foreach (var secret in kept)
            {
                var name = SinkSettingsJson.Name(secret);
                errors["settings." + name] =
                    [$"is \"{Kept}\", which keeps the stored {name} only while {where} stays the same: send the {name} again to send it to another {where}."];
            }
        }

        // Nothing kept: the settings are stored as they came.
        return kept.Count == 0 ? incomingJson : incoming.ToJsonString();
    }

    public bool IsSecret(string option) => Secrets.Contains(option, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether both settings send to the same place; settings that cannot be read count as another place.</summary>
    private static bool SameDestination(Func<TOptions, string> destination, string incomingJson, string storedJson)
    {
        try
        {
            return Read(incomingJson) is { } incoming && Read(storedJson) is { } stored
                && string.Equals(destination(incoming), destination(stored), StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static TOptions? Read(string settingsJson) => JsonSerializer.Deserialize<TOptions>(settingsJson, SinkSettingsJson.Options);
}
