using System.Security.Cryptography;
using Docket.Server.Hosting;

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

        var path = options.SigningKeyFile ?? Path.Combine(docket.DataDirectory, "secrets", "journal-signing.key");
        if (File.Exists(path))
        {
            return new JournalSigningKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        // CreateNew: two replicas starting at once must not overwrite each other's key.
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new JournalSigningKey(key);
    }
}
