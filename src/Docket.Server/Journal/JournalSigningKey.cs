using Docket.Server.Common;


namespace Docket.Server.Journal;

/// <summary>
/// The server secret the journal's hash chain is keyed with. It never goes into the database, so that
/// whoever can write the database still cannot forge a record.
/// </summary>
public sealed class JournalSigningKey
{
    private const int KeyBytes = 32;

    public JournalSigningKey(byte[] key)
    {
        if (key.Length < KeyBytes)
        {
            throw new ArgumentException($"The journal signing key must be at least {KeyBytes} bytes.", nameof(key));
        }

        Key = key;
    }

    internal byte[] Key { get; }

    public static JournalSigningKey Load(JournalOptions options, DocketOptions docket)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return new JournalSigningKey(Convert.FromBase64String(options.SigningKey));
        }

        // The default folder is the server's own; a file the operator placed elsewhere keeps its folder as it is.
        var path = options.SigningKeyFile ?? Path.Combine(docket.DataDirectory, "secrets", "journal-signing.key");
        return new JournalSigningKey(KeyFile.LoadOrCreate(path, KeyBytes, ownFolder: options.SigningKeyFile is null));
    }
}
