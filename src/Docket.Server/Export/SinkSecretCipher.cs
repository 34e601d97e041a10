using System.Security.Cryptography;
using System.Text;
using Docket.Server.Common;
using Docket.Server.Journal;

namespace Docket.Server.Export;

/// <summary>
/// Encrypts the secret options of sink settings (HEC tokens, webhook secrets) for the database: AES-256-GCM under a key
/// that never goes into the database, so a copy of the database (a backup, a read-only account, a leaked dump) holds no
/// usable secret. A value reads <c>enc:v1:</c> and the base64 of nonce, ciphertext and tag; it is bound to its
/// subscription and option, so it cannot be copied into another subscription. A value without the prefix is a secret
/// stored in clear by an earlier version: read as it is, and encrypted on the next save or start.
/// </summary>
public sealed class SinkSecretCipher
{
    public const string Prefix = "enc:v1:";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] key;

    public SinkSecretCipher(byte[] key)
    {
        if (key.Length != SecretsOptions.KeyBytes)
        {
            throw new ArgumentException($"The secrets encryption key must be {SecretsOptions.KeyBytes} bytes.", nameof(key));
        }

        this.key = key;
    }

    public static SinkSecretCipher Load(SecretsOptions options, DocketOptions docket)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            return new SinkSecretCipher(Convert.FromBase64String(options.EncryptionKey.Trim()));
        }

        var path = options.EncryptionKeyFile ?? Path.Combine(docket.DataDirectory, "secrets", "export-secrets.key");
        return new SinkSecretCipher(KeyFile.LoadOrCreate(path, SecretsOptions.KeyBytes, ownFolder: options.EncryptionKeyFile is null)[..SecretsOptions.KeyBytes]);
    }

    public static bool IsEncrypted(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    public string Encrypt(string plain, Guid subscriptionId, string option)
    {
        var text = Encoding.UTF8.GetBytes(plain);
        var sealedValue = new byte[NonceBytes + text.Length + TagBytes];
        var nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, text, sealedValue.AsSpan(NonceBytes, text.Length), sealedValue.AsSpan(NonceBytes + text.Length), Context(subscriptionId, option));
        return Prefix + Convert.ToBase64String(sealedValue);
    }

    /// <summary>The secret; a value in clear passes through. Throws <see cref="CryptographicException"/> for a value this key did not seal for this subscription and option.</summary>
    public string Decrypt(string stored, Guid subscriptionId, string option)
    {
        if (!IsEncrypted(stored))
        {
            return stored;
        }

        byte[] sealedValue;
        try
        {
            sealedValue = Convert.FromBase64String(stored[Prefix.Length..]);
        }
        catch (FormatException exception)
        {
            throw new CryptographicException("The stored secret is not an encrypted value.", exception);
        }

        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The stored secret is not an encrypted value.");
        }

        var length = sealedValue.Length - NonceBytes - TagBytes;
        var text = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, length), sealedValue.AsSpan(NonceBytes + length), text, Context(subscriptionId, option));
        return Encoding.UTF8.GetString(text);
    }

    /// <summary>Associated data: the subscription and the option, so a sealed value is good in its own place only.</summary>
    private static byte[] Context(Guid subscriptionId, string option) =>
        Encoding.UTF8.GetBytes("docket-export-secret:" + subscriptionId.ToString("N") + ":" + option.ToLowerInvariant());
}
