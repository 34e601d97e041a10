using System.Security.Cryptography;

namespace Docket.Server.Storage.Blobs;

/// <summary>
/// A new blob being written: a temporary file that hashes what passes through it. <see cref="CommitAsync"/>
/// moves it under its content's name; disposing an uncommitted writer deletes it, so a failed or abandoned
/// write leaves nothing behind.
/// </summary>
public sealed class NewBlobStream : Stream
{
    private readonly LocalBlobStore store;
    private readonly FileStream file;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool committed;

    internal NewBlobStream(LocalBlobStore store, string tempPath)
    {
        this.store = store;
        TempPath = tempPath;
        file = new FileStream(tempPath, PrivateFiles.NewFile(FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous));
    }

    /// <summary>Where the bytes are until the commit; a tool that needs a path (pdftoppm, libvips) may read it.</summary>
    public string TempPath { get; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        file.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        return file.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => file.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => file.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Makes the bytes durable and moves them under their SHA-256; an identical blob already kept wins.</summary>
    public async Task<StoredBlob> CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(committed, this);
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
        var size = file.Length;
        await file.DisposeAsync();
        var key = Convert.ToHexStringLower(hash.GetHashAndReset());
        store.Adopt(TempPath, key);
        committed = true;
        return new StoredBlob(key, size);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
            hash.Dispose();
            if (!committed)
            {
                File.Delete(TempPath);
            }
        }

        base.Dispose(disposing);
    }
}
