namespace Docket.Archives;

/// <summary>What the central directory says of one entry, as far as reading its data ourselves needs.</summary>
internal sealed record ZipDirectoryRecord(ushort Method, ushort Flags, uint Crc32, long CompressedLength, long Length, long LocalHeaderOffset);
