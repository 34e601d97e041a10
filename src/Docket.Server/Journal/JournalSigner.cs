using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Docket.Server.Journal;

/// <summary>
/// Signs and checks records: HMAC-SHA256 over a length-prefixed canonical form of every field and the
/// previous record's signature. Length prefixes make the form unambiguous whatever the fields contain.
/// </summary>
/// <remarks>
/// A record that carries a tenant or project name is signed in form 2: form 1's fields, then the two names. One
/// without names (every record made before names were recorded, and any that names neither) is signed in form 1,
/// exactly as before, so old records still verify. The form's tag is part of what is signed, so adding names to a
/// record, or stripping them, breaks its signature.
/// </remarks>
public sealed class JournalSigner(JournalSigningKey key)
{
    private static readonly byte[] FormVersion1 = "docket-journal/1"u8.ToArray();
    private static readonly byte[] FormVersion2 = "docket-journal/2"u8.ToArray();

    public string Sign(JournalRecord record, string previousSignature)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Key);
        AppendCanonicalForm(hmac, record, previousSignature);
        return Convert.ToBase64String(hmac.GetHashAndReset());
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a signature: base64 of an HMAC-SHA256 (32 bytes).</summary>
    public static bool IsSignature(string text) =>
        text.Length == 44 && Convert.TryFromBase64String(text, stackalloc byte[32], out var written) && written == 32;

    public bool Verify(JournalRecord record, string previousSignature)
    {
        var expected = Sign(record, previousSignature);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(record.Signature));
    }

    private static void AppendCanonicalForm(IncrementalHash hash, JournalRecord r, string previousSignature)
    {
        var named = r.TenantName is not null || r.ProjectName is not null;
        hash.AppendData(named ? FormVersion2 : FormVersion1);
        Append(hash, r.Sequence);
        Append(hash, r.Id.ToString("N"));
        Append(hash, r.Code);
        Append(hash, r.Name);
        Append(hash, r.Group);
        Append(hash, (int)r.Class);
        Append(hash, r.OccurredAt.Ticks);
        Append(hash, r.RecordedAt.Ticks);
        Append(hash, r.TenantId?.ToString("N"));
        Append(hash, r.ProjectId?.ToString("N"));
        Append(hash, r.UserId?.ToString("N"));
        Append(hash, r.UserLogin);
        Append(hash, r.ClientIp);
        Append(hash, r.NodeId);
        Append(hash, r.OperationKey);
        Append(hash, r.EntityKind);
        Append(hash, r.EntityId);
        Append(hash, r.Text);
        Append(hash, r.Data);
        Append(hash, r.TraceId);
        if (named)
        {
            Append(hash, r.TenantName);
            Append(hash, r.ProjectName);
        }

        Append(hash, previousSignature);
    }

    private static void Append(IncrementalHash hash, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        hash.AppendData(buffer);
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
