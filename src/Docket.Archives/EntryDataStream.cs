namespace Docket.Archives;

/// <summary>The stored (compressed) bytes of one entry: a window of the archive file that ends where the directory says.</summary>
internal sealed class EntryDataStream(FileStream file, long start, long length) : Stream
{
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var window = Window(buffer.Length);
        if (window == 0)
        {
            return 0;
        }

        file.Position = start + position;
        var n = file.Read(buffer[..window]);
        position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var window = Window(buffer.Length);
        if (window == 0)
        {
            return 0;
        }

        file.Position = start + position;
        var n = await file.ReadAsync(buffer[..window], cancellationToken);
        position += n;
        return n;
    }

    private int Window(int wanted) => (int)Math.Min(wanted, length - position);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
