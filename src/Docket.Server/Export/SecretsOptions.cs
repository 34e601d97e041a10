using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Export;

/// <summary>The <c>Secrets</c> section: the key that encrypts sink secrets (tokens, HMAC secrets) in the database.</summary>
public sealed class SecretsOptions : IValidatableObject
{
    public const string Section = "Secrets";
    public const int KeyBytes = 32;

    /// <summary>
    /// Base64 of the AES-256 key (32 bytes). Replicas over one database must share it. When empty, the key is read
    /// from <see cref="EncryptionKeyFile"/>, which is created on first start.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Defaults to <c>secrets/export-secrets.key</c> under the data directory, beside the journal's signing key: outside the database on purpose.</summary>
    public string? EncryptionKeyFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(EncryptionKey))
        {
            yield break;
        }

        var key = new byte[KeyBytes + 1];
        if (!Convert.TryFromBase64String(EncryptionKey.Trim(), key, out var length) || length != KeyBytes)
        {
            yield return new ValidationResult($"Secrets:EncryptionKey must be the base64 of {KeyBytes} bytes.", [nameof(EncryptionKey)]);
        }
    }
}
