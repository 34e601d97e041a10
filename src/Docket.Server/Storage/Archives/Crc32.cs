namespace Docket.Server.Storage.Archives;

/// <summary>
/// The zip format's CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320). .NET's zip reader does not check it and
/// System.IO.Hashing is not a package this server takes, so it is computed here.
/// </summary>
internal struct Crc32
{
    private static readonly uint[] Table = BuildTable();

    private uint state;

    public Crc32() => state = 0xFFFFFFFFu;

    public readonly uint Value => ~state;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var crc = state;
        foreach (var b in bytes)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        state = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
