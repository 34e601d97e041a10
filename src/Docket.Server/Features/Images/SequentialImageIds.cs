using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Docket.Server.Features.Images;

/// <summary>
/// Version 7 ids (RFC 9562) that keep the order they are made in, for the images of one upload or import. Images
/// list in id order, and <see cref="Guid.CreateVersion7(DateTimeOffset)"/> gives the pages of one TIFF or PDF the
/// same millisecond and a random rest, so they listed in random order; here the 12 bits after the version are a
/// counter within the millisecond (RFC 9562's method 1), moving on to the next millisecond when it runs out.
/// </summary>
internal sealed class SequentialImageIds
{
    private const int MaxCounter = 0xFFF;

    private long lastMilliseconds = -1;
    private int counter;

    public Guid Next(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        if (milliseconds > lastMilliseconds)
        {
            lastMilliseconds = milliseconds;
            counter = 0;
        }
        else if (++counter > MaxCounter)
        {
            lastMilliseconds++;
            counter = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, lastMilliseconds << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
