namespace Docket.Archives;

/// <summary>
/// Reads an entry's inflated bytes and stops with <see cref="ZipLimitExceededException"/> as soon as it yields more
/// than one entry may hold or more than the archive's total budget, and with <see cref="ZipEntryDamagedException"/>
/// as soon as it yields more than the entry declared or, at its end, fewer bytes or another CRC-32 than declared.
/// Consumers read an entry to its end, so every entry read is checked whole.
/// </summary>
internal sealed class LimitedInflateStream(Stream inner, string name, long declared, uint crc32, SafeZipReader reader) : Stream
{
    private long read;
    // The zip format's CRC-32 (IEEE 802.3); .NET's zip reader does not check it.
    private readonly System.IO.Hashing.Crc32 crc = new();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => declared;

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(buffer, inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        return Count(buffer.Span, n);
    }

    private int Count(ReadOnlySpan<byte> buffer, int n)
    {
        if (n == 0)
        {
            if (buffer.Length > 0)
            {
                CheckEnd();
            }

            return 0;
        }

        read += n;
        if (read > declared)
        {
            throw new ZipEntryDamagedException(name, $"inflates to more than the {declared} bytes the archive declares for it (a damaged or forged header).");
        }

        reader.Charge(n, read);
        crc.Append(buffer[..n]);
        return n;
    }

    private void CheckEnd()
    {
        if (read < declared)
        {
            throw new ZipEntryDamagedException(name, $"inflates to {read} bytes, fewer than the {declared} the archive declares for it (it is damaged or truncated).");
        }

        if (crc.GetCurrentHashAsUInt32() != crc32)
        {
            throw new ZipEntryDamagedException(name, $"is damaged: its CRC-32 is {crc.GetCurrentHashAsUInt32():x8}, not the {crc32:x8} the archive records for it.");
        }
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
