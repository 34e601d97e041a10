using System.Net;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>A request body of <paramref name="bytes"/> zero bytes that counts how many of them the client actually sent.</summary>
public sealed class CountedBody(long bytes) : HttpContent
{
    private long sent;

    public long BytesSent => Interlocked.Read(ref sent);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[16 * 1024];
        for (var left = bytes; left > 0; left -= chunk.Length)
        {
            var size = (int)Math.Min(chunk.Length, left);
            await stream.WriteAsync(chunk.AsMemory(0, size));
            Interlocked.Add(ref sent, size);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes;
        return true;
    }
}
