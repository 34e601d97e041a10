namespace Docket.Server.Storage.Archives;

/// <summary>
/// Reads an entry's inflated bytes and stops with <see cref="ZipLimitExceededException"/> as soon as it yields
/// more than the entry declared, more than one entry may hold, or more than the archive's total budget.
/// </summary>
internal sealed class LimitedInflateStream(Stream inner, long declared, SafeZipReader reader) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => declared;

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    private int Count(int n)
    {
        read += n;
        if (read > declared)
        {
            throw new ZipLimitExceededException("inflates to more bytes than the archive declares for it (a forged header).");
        }

        reader.Charge(n, read);
        return n;
    }

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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
