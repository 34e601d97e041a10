using Docket.Contracts.Export;
namespace Docket.Server.Export;

/// <summary>
/// Builds the sink a subscription names from its stored settings, checks settings before they are stored, and keeps
/// their secrets: shown as <c>"***"</c>, encrypted in the database (<see cref="SinkSecretCipher"/>).
/// </summary>
public interface IExportSinkFactory
{
    /// <summary>
    /// The sink for stored (encrypted) settings. Settings that would be refused today, or whose secret cannot be
    /// decrypted, give a sink that fails every batch permanently with the reason.
    /// </summary>
    IExportSink Create(SinkKind kind, string storedSettings, SinkOwner owner);

    /// <summary>Null when the settings (in clear) are complete and valid; otherwise what is wrong, for a 400 answer.</summary>
    string? Validate(SinkKind kind, string settingsJson, SinkOwner owner);

    /// <summary>The settings as the API shows them: secrets (tokens, HMAC secrets) replaced by <c>"***"</c>.</summary>
    string Redact(SinkKind kind, string settingsJson);

    /// <summary>
    /// Incoming settings in clear, with each secret sent back as <c>"***"</c> replaced by the stored one; errors when
    /// there is none to keep, or the destination changes (see <see cref="ISinkDefinition.KeepSecrets"/>).
    /// </summary>
    string KeepSecrets(SinkKind kind, string incomingJson, string? storedSettings, Guid subscriptionId, IDictionary<string, string[]> errors);

    /// <summary>Settings in clear as they are stored: every secret encrypted for the subscription.</summary>
    string Protect(SinkKind kind, string settingsJson, Guid subscriptionId);

    /// <summary>Stored settings in clear (a secret stored in clear by an earlier version passes as it is).</summary>
    string Unprotect(SinkKind kind, string storedSettings, Guid subscriptionId);

    /// <summary>Stored settings with the secrets an earlier version stored in clear encrypted; null when there were none.</summary>
    string? EncryptClearSecrets(SinkKind kind, string storedSettings, Guid subscriptionId);
}
