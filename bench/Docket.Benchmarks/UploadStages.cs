using System.Diagnostics;
using System.Security.Cryptography;
using Docket.Archives;
using Docket.Server.Features.Images;
using Docket.Server.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetVips;

namespace Docket.Benchmarks;

/// <summary>
/// Where an upload's time goes, without touching the server's code: each stage that <c>ImageUpload</c> runs for a
/// zip is run again, alone and in order, through the server's own services (its <see cref="IBlobStore"/>,
/// <see cref="SafeZipReader"/> and <see cref="PageDecoder"/>), over the same archive, right after the measured upload.
/// Two control stages strip the disk out: inflating and hashing the entries without writing them, and libvips doing
/// the decoder's work into memory instead of into a blob.
/// </summary>
internal sealed class UploadStages(IServiceProvider services)
{
    public async Task<StageTimes> RunAsync(string zipPath, CancellationToken cancellationToken)
    {
        var blobs = services.GetRequiredService<IBlobStore>();
        var decoder = services.GetRequiredService<PageDecoder>();
        var options = services.GetRequiredService<IOptions<ImageDataOptions>>().Value;

        // 1. The request body spooled into a blob: SHA-256, write, fsync (what the body's CopyToAsync + CommitAsync do).
        var clock = StageClock.Start();
        StoredBlob archive;
        await using (var zip = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            archive = await blobs.PutAsync(zip, cancellationToken);
        }

        var spool = clock.Lap();
        var archivePath = blobs.PathOf(archive.Key)!;

        // 2a. Control: every entry inflated and hashed, nothing written.
        var buffer = new byte[81920];
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            foreach (var entry in Entries(archivePath, options.Archive))
            {
                await using var content = entry.Open();
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }

                hash.GetHashAndReset();
            }
        }

        var inflate = clock.Lap();

        // 2b. Every entry into its own blob (inflate, SHA-256, write, fsync, rename), then its format read from its head.
        var kept = new List<(string Key, ImageFormat Format)>();
        foreach (var entry in Entries(archivePath, options.Archive))
        {
            StoredBlob blob;
            await using (var content = entry.Open())
            {
                blob = await blobs.PutAsync(content, cancellationToken);
            }

            kept.Add((blob.Key, Detect(blobs, blob.Key)));
        }

        var entries = clock.Lap();

        // 3a. Control: libvips loads each page (sequential, fail on error), makes the thumbnail and encodes it as PNG, in memory.
        foreach (var (key, _) in kept)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var image = Image.NewFromFile(blobs.PathOf(key)!, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
            using var thumbnail = image.ThumbnailImage(options.ThumbnailSize, height: options.ThumbnailSize);
            _ = thumbnail.WriteToBuffer(".png");
        }

        var vips = clock.Lap();

        // 3b. The server's PageDecoder, as the upload calls it: the same work, the thumbnail kept as a blob (fsync).
        var pages = 0;
        foreach (var (key, format) in kept)
        {
            var decoding = await decoder.DecodeAsync(key, format, cancellationToken);
            if (decoding.Refusal is not null)
            {
                throw new InvalidOperationException($"The decoder refused {key}: {decoding.Refusal}");
            }

            pages += decoding.Pages.Count;
        }

        var decode = clock.Lap();
        return new StageTimes(spool, inflate, entries, vips, decode, pages);
    }

    private static IEnumerable<SafeZipEntry> Entries(string path, ZipLimits limits)
    {
        var (reader, error) = SafeZipReader.Open(path, limits);
        if (reader is null)
        {
            throw new InvalidOperationException(error);
        }

        using (reader)
        {
            foreach (var entry in reader.Entries())
            {
                if (entry.Refusal is not null)
                {
                    throw new InvalidOperationException($"{entry.Name} {entry.Refusal}");
                }

                yield return entry;
            }
        }
    }

    private static ImageFormat Detect(IBlobStore blobs, string key)
    {
        using var stream = blobs.OpenRead(key)!;
        Span<byte> head = stackalloc byte[ImageFormats.HeadLength + 1];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return ImageFormats.Detect(head[..read]);
    }
}

/// <summary>The stages of one upload, each run alone (see <see cref="UploadStages"/>).</summary>
internal sealed record StageTimes(StageTime Spool, StageTime InflateOnly, StageTime Entries, StageTime VipsOnly, StageTime Decode, int Pages);

/// <summary>Wall time and the process's CPU time (all threads, user and kernel) of one stage.</summary>
internal readonly record struct StageTime(TimeSpan Wall, TimeSpan Cpu)
{
    public static StageTime operator -(StageTime a, StageTime b) => new(a.Wall - b.Wall, a.Cpu - b.Cpu);
}

/// <summary>
/// Laps of wall and CPU time. On a shared machine the CPU time moves less than the wall time: it is the work done,
/// while the wall time also holds the waits (fsync, other processes).
/// </summary>
internal sealed class StageClock
{
    private long wall;
    private TimeSpan cpu;

    private StageClock()
    {
        wall = Stopwatch.GetTimestamp();
        cpu = Environment.CpuUsage.TotalTime;
    }

    public static StageClock Start() => new();

    /// <summary>The time since the start or the last lap; starts the next lap.</summary>
    public StageTime Lap()
    {
        var now = Stopwatch.GetTimestamp();
        var cpuNow = Environment.CpuUsage.TotalTime;
        var lap = new StageTime(Stopwatch.GetElapsedTime(wall, now), cpuNow - cpu);
        wall = now;
        cpu = cpuNow;
        return lap;
    }
}
