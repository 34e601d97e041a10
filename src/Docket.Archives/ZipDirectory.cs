using System.Buffers.Binary;

namespace Docket.Archives;

/// <summary>
/// Reads a zip's central directory (zip64 included) for what <see cref="System.IO.Compression.ZipArchiveEntry"/> does
/// not expose: each entry's compression method and where its data starts. With those the server inflates an entry
/// itself, without .NET's stop at the declared size, so an entry that inflates past its size is seen and refused.
/// </summary>
internal static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint EntrySignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;
    private const int EndLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>The records in directory order, or null when the directory cannot be read.</summary>
    public static List<ZipDirectoryRecord>? Read(Stream file)
    {
        try
        {
            return ReadRecords(file);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or OverflowException or IOException)
        {
            return null;
        }
    }

    /// <summary>Where the entry's stored bytes start: after its local header, whose name and extra lengths may differ from the directory's.</summary>
    public static long? DataOffset(Stream file, ZipDirectoryRecord record)
    {
        Span<byte> local = stackalloc byte[30];
        file.Position = record.LocalHeaderOffset;
        file.ReadExactly(local);
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalSignature)
        {
            return null;
        }

        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(local[26..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
        var offset = record.LocalHeaderOffset + 30 + nameLength + extraLength;
        return offset + record.CompressedLength <= file.Length ? offset : null;
    }

    private static List<ZipDirectoryRecord>? ReadRecords(Stream file)
    {
        var tailLength = (int)Math.Min(file.Length, EndLength + MaxCommentLength);
        var tail = new byte[tailLength];
        file.Position = file.Length - tailLength;
        file.ReadExactly(tail);
        var end = -1;
        for (var i = tailLength - EndLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature)
            {
                end = i;
                break;
            }
        }

        if (end < 0)
        {
            return null;
        }

        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long start = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        var endPosition = file.Length - tailLength + end;
        if ((count == ushort.MaxValue || size == uint.MaxValue || start == uint.MaxValue) && endPosition >= 20)
        {
            Span<byte> locator = stackalloc byte[20];
            file.Position = endPosition - 20;
            file.ReadExactly(locator);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) == Zip64LocatorSignature)
            {
                Span<byte> zip64 = stackalloc byte[56];
                file.Position = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]));
                file.ReadExactly(zip64);
                if (BinaryPrimitives.ReadUInt32LittleEndian(zip64) != Zip64EndSignature)
                {
                    return null;
                }

                count = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(zip64[32..]));
                size = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(zip64[40..]));
                start = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(zip64[48..]));
            }
        }

        if (start < 0 || size < 0 || start + size > file.Length || size > int.MaxValue)
        {
            return null;
        }

        var directory = new byte[size];
        file.Position = start;
        file.ReadExactly(directory);
        var records = new List<ZipDirectoryRecord>();
        var at = 0;
        for (long n = 0; n < count; n++)
        {
            var header = directory.AsSpan(at);
            if (header.Length < 46 || BinaryPrimitives.ReadUInt32LittleEndian(header) != EntrySignature)
            {
                return null;
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            if (header.Length < 46 + nameLength + extraLength + commentLength)
            {
                return null;
            }

            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long length = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            ReadZip64Extra(header.Slice(46 + nameLength, extraLength), ref length, ref compressed, ref offset);
            records.Add(new ZipDirectoryRecord(
                Method: BinaryPrimitives.ReadUInt16LittleEndian(header[10..]),
                Flags: BinaryPrimitives.ReadUInt16LittleEndian(header[8..]),
                Crc32: BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
                CompressedLength: compressed,
                Length: length,
                LocalHeaderOffset: offset));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return records;
    }

    /// <summary>The zip64 extra field holds, in this order, only the sizes and offset whose 32-bit fields are all ones.</summary>
    private static void ReadZip64Extra(ReadOnlySpan<byte> extra, ref long length, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var fieldLength = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (extra.Length < 4 + fieldLength)
            {
                return;
            }

            var field = extra.Slice(4, fieldLength);
            if (id == 0x0001)
            {
                if (length == uint.MaxValue && field.Length >= 8)
                {
                    length = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(field));
                    field = field[8..];
                }

                if (compressed == uint.MaxValue && field.Length >= 8)
                {
                    compressed = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(field));
                    field = field[8..];
                }

                if (offset == uint.MaxValue && field.Length >= 8)
                {
                    offset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(field));
                }

                return;
            }

            extra = extra[(4 + fieldLength)..];
        }
    }
}
