using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using Docket.Contracts.Export;

namespace Docket.Server.Export;

/// <summary>Builds sinks from the definitions registered for each <see cref="SinkKind"/>, and seals their secrets for the database.</summary>
internal sealed class ExportSinkFactory(IEnumerable<ISinkDefinition> definitions, IServiceProvider services, SinkSecretCipher cipher) : IExportSinkFactory
{
    private readonly Dictionary<SinkKind, ISinkDefinition> byKind = definitions.ToDictionary(d => d.Kind);

    public IExportSink Create(SinkKind kind, string storedSettings, SinkOwner owner)
    {
        if (!byKind.TryGetValue(kind, out var definition))
        {
            return new RefusedSink($"the {kind} sink is not available in this build.");
        }

        string settings;
        try
        {
            settings = Unprotect(kind, storedSettings, owner.SubscriptionId);
        }
        catch (JsonException)
        {
            return new RefusedSink("the stored settings are not a JSON object: change the subscription's settings.");
        }
        catch (CryptographicException)
        {
            return new RefusedSink(
                "a stored secret of this subscription cannot be decrypted with this server's key: replicas must share Secrets:EncryptionKey "
                + "(or the key file); otherwise send the secret again.");
        }

        // Stored before a rule tightened (a path, a destination, a certificate): it runs only as it would be accepted today.
        return definition.Validate(settings, owner, services) is { } problem
            ? new RefusedSink($"the stored settings are no longer accepted: {problem} Change the subscription's settings.")
            : definition.Create(services, settings, owner);
    }

    public string? Validate(SinkKind kind, string settingsJson, SinkOwner owner) =>
        byKind.TryGetValue(kind, out var definition) ? definition.Validate(settingsJson, owner, services) : $"the {kind} sink is not available in this build.";

    public string Redact(SinkKind kind, string settingsJson) =>
        byKind.TryGetValue(kind, out var definition) ? definition.Redact(settingsJson) : "{}";

    public string KeepSecrets(SinkKind kind, string incomingJson, string? storedSettings, Guid subscriptionId, IDictionary<string, string[]> errors)
    {
        if (!byKind.TryGetValue(kind, out var definition))
        {
            return incomingJson;
        }

        string? stored = null;
        if (storedSettings is not null)
        {
            try
            {
                stored = Unprotect(kind, storedSettings, subscriptionId);
            }
            catch (CryptographicException)
            {
                // Nothing can be kept: a "***" is answered as one with no stored secret behind it.
            }
        }

        return definition.KeepSecrets(incomingJson, stored, errors);
    }

    public string Protect(SinkKind kind, string settingsJson, Guid subscriptionId) =>
        Transform(kind, settingsJson, (value, option) => cipher.Encrypt(value, subscriptionId, option));

    public string Unprotect(SinkKind kind, string storedSettings, Guid subscriptionId) =>
        Transform(kind, storedSettings, (value, option) => cipher.Decrypt(value, subscriptionId, option));

    public string? EncryptClearSecrets(SinkKind kind, string storedSettings, Guid subscriptionId)
    {
        var clear = false;
        var sealedSettings = Transform(kind, storedSettings, (value, option) =>
        {
            if (SinkSecretCipher.IsEncrypted(value))
            {
                return value;
            }

            clear = true;
            return cipher.Encrypt(value, subscriptionId, option);
        });
        return clear ? sealedSettings : null;
    }

    /// <summary>The settings with each secret's string value passed through <paramref name="change"/> (given the option's name).</summary>
    private string Transform(SinkKind kind, string settingsJson, Func<string, string, string> change)
    {
        if (!byKind.TryGetValue(kind, out var definition) || JsonNode.Parse(settingsJson) is not JsonObject node)
        {
            return settingsJson;
        }

        var changed = false;
        foreach (var property in node.ToList())
        {
            if (definition.IsSecret(property.Key) && property.Value is JsonValue value && value.TryGetValue<string>(out var text))
            {
                node[property.Key] = change(text, property.Key);
                changed = true;
            }
        }

        return changed ? node.ToJsonString() : settingsJson;
    }
}
