using System.Buffers.Binary;
using System.Text;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// Real zips (written by .NET, sizes in the local headers) with one entry's bytes patched as a damaged disk or an
/// attacker would: the CRC-32 or the declared inflated size changed in both its local header and the central
/// directory, so the archive stays consistent with itself and only a check of the inflated bytes can tell.
/// </summary>
internal static class HostileZips
{
    private const uint LocalSignature = 0x04034b50;
    private const uint CentralSignature = 0x02014b50;

    /// <summary>The zip with the entry's recorded CRC-32 off by one bit.</summary>
    public static byte[] WithWrongCrc(byte[] zip, string entry)
    {
        var patched = (byte[])zip.Clone();
        var (local, central) = Headers(patched, entry);
        patched[local + 14] ^= 1;
        patched[central + 16] ^= 1;
        return patched;
    }

    /// <summary>
    /// The zip with the entry declaring only its first <paramref name="declared"/> bytes, and the CRC-32 of exactly
    /// those bytes: a reader that stops at the declared size sees a sound entry and silently drops the rest.
    /// </summary>
    public static byte[] WithShortDeclaredLength(byte[] zip, string entry, byte[] content, int declared)
    {
        var patched = (byte[])zip.Clone();
        var (local, central) = Headers(patched, entry);
        var crc = TestImages.Crc32(content[..declared]);
        BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(local + 14), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(local + 22), (uint)declared);
        BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(central + 16), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(central + 24), (uint)declared);
        return patched;
    }

    private static (int Local, int Central) Headers(byte[] zip, string entry)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        int? local = null, central = null;
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == LocalSignature && local is null && Named(zip, i + 30, BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26)), name))
            {
                local = i;
            }
            else if (signature == CentralSignature && central is null && Named(zip, i + 46, BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28)), name))
            {
                central = i;
            }
        }

        return (local ?? throw new ArgumentException($"No local header for {entry}."), central ?? throw new ArgumentException($"No directory record for {entry}."));
    }

    private static bool Named(byte[] zip, int at, int length, byte[] name) =>
        length == name.Length && at + length <= zip.Length && zip.AsSpan(at, length).SequenceEqual(name);
}
