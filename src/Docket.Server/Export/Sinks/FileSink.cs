using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Docket.Server.Export.Sinks;

/// <summary>
/// Appends each envelope as one line (<c>\n</c>) to <c>FilePrefix.ndjson</c>; the batch is delivered once it is
/// on disk (fsync). The current file is rotated by size (before a line would pass <c>MaxBytes</c>) and by age (at
/// the first batch after <c>MaxAge</c>), to a name stamped with the rotation time (UTC, from the injected clock).
/// After a delivery, rotated files are gzipped (when asked) and the oldest beyond <c>MaxFiles</c> deleted; a
/// failure there is logged and tried again after the next batch, never failing a delivered batch.
/// While it lives, the sink holds <c>FilePrefix.lock</c> in its folder (an exclusive lock, which the kernel drops with
/// the process): a second sink on the same folder and prefix (another subscription that slipped past the check when
/// settings were stored, or the same one on another replica) writes nothing and asks for a retry until the first is gone.
/// </summary>
public sealed partial class FileSink(FileSinkOptions options, TimeProvider time, ILogger<FileSink> logger) : IExportSink
{
    private const string Extension = ".ndjson";
    private const string GzipExtension = ".gz";
    private const string PartialExtension = ".tmp";
    private const string LockExtension = ".lock";

    private readonly string directory = Path.GetFullPath(options.Directory);
    private readonly Regex rotatedName = new(
        "^" + Regex.Escape(options.FilePrefix) + @"-(?<stamp>\d{8}T\d{6}Z)(?:-(?<counter>\d+))?\.ndjson(\.gz)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>This prefix's own compressions cut short; a longer prefix's (<c>prefix-audit-...</c>) are that sink's business.</summary>
    private readonly Regex partialName = new(
        "^" + Regex.Escape(options.FilePrefix) + @"-\d{8}T\d{6}Z(?:-\d+)?\.ndjson\.gz\.tmp$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>The lock on this folder and prefix, held from the first batch until disposed.</summary>
    private FileStream? held;

    /// <summary>When the current file was begun; null until known (a file left by an earlier run gets its creation time).</summary>
    private DateTimeOffset? currentSince;

    private string CurrentPath => Path.Combine(directory, options.FilePrefix + Extension);

    public async Task<SinkResult> SendAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(directory);
            if (!Hold())
            {
                return SinkResult.Retryable(
                    $"file {CurrentPath}: in use by another export subscription or replica (it holds {options.FilePrefix + LockExtension}); nothing written.");
            }

            await AppendAsync(batch, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return SinkResult.Retryable($"file {CurrentPath}: {exception.Message}");
        }

        try
        {
            await CompressRotatedAsync(cancellationToken);
            DeleteBeyondRetention();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            LogHousekeepingFailed(logger, exception, directory);
        }

        return SinkResult.Delivered;
    }

    public async ValueTask DisposeAsync()
    {
        if (held is not null)
        {
            await held.DisposeAsync();
            held = null;
        }
    }

    /// <summary>Takes the folder and prefix for this sink; false while another sink holds them.</summary>
    private bool Hold()
    {
        if (held is not null)
        {
            return true;
        }

        try
        {
            // FileShare.None is an exclusive flock(2) on Unix: honoured by every Docket process on the machine (and NFS).
            held = new FileStream(Path.Combine(directory, options.FilePrefix + LockExtension), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
        {
            LogHeldElsewhere(logger, CurrentPath);
            return false;
        }
    }

    private async Task AppendAsync(ExportBatch batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stream = Open(now);
        try
        {
            if (stream.Length > 0 && now - currentSince >= options.MaxAge)
            {
                stream = await RotateAsync(stream, now);
            }

            // A batch that fails half way is cut back to where it began, so the file never holds a torn line.
            var begin = stream.Length;
            var size = begin;
            try
            {
                foreach (var item in batch.Items)
                {
                    byte[] line = [.. item.Utf8Json.Span, (byte)'\n'];
                    if (size > 0 && size + line.Length > options.MaxBytes)
                    {
                        stream = await RotateAsync(stream, now);
                        begin = size = 0;
                    }

                    await stream.WriteAsync(line, cancellationToken);
                    size += line.Length;
                }

                stream.Flush(flushToDisk: true);
            }
            catch
            {
                TryCutBack(stream, begin);
                throw;
            }
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private FileStream Open(DateTimeOffset now)
    {
        var existed = File.Exists(CurrentPath);
        var stream = new FileStream(CurrentPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 64 * 1024);
        stream.Seek(0, SeekOrigin.End);
        if (currentSince is null || !existed)
        {
            var created = new DateTimeOffset(File.GetCreationTimeUtc(CurrentPath), TimeSpan.Zero);
            currentSince = existed && stream.Length > 0 && created < now ? created : now;
        }

        return stream;
    }

    /// <summary>Closes the current file (on disk), renames it with the rotation time and opens a fresh one.</summary>
    private async Task<FileStream> RotateAsync(FileStream stream, DateTimeOffset now)
    {
        stream.Flush(flushToDisk: true);
        await stream.DisposeAsync();
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = Path.Combine(directory, $"{options.FilePrefix}-{stamp}{Extension}");
        for (var counter = 1; File.Exists(target) || File.Exists(target + GzipExtension); counter++)
        {
            target = Path.Combine(directory, $"{options.FilePrefix}-{stamp}-{counter.ToString(CultureInfo.InvariantCulture)}{Extension}");
        }

        File.Move(CurrentPath, target);
        LogRotated(logger, CurrentPath, target);
        currentSince = null;
        return Open(now);
    }

    private static void TryCutBack(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The disk refuses even that: the retried batch follows whatever part of a line is left.
        }
    }

    /// <summary>Gzips rotated plain files: to a temporary name, on disk, renamed, then the plain file deleted.</summary>
    private async Task CompressRotatedAsync(CancellationToken cancellationToken)
    {
        foreach (var partial in Directory.EnumerateFiles(directory, options.FilePrefix + "-*" + PartialExtension).Where(p => partialName.IsMatch(Path.GetFileName(p))))
        {
            File.Delete(partial);
        }

        if (!options.Gzip)
        {
            return;
        }

        foreach (var file in Rotated().SelectMany(r => r.Paths).Where(p => p.EndsWith(Extension, StringComparison.Ordinal)))
        {
            var archive = file + GzipExtension;
            if (!File.Exists(archive))
            {
                var partial = archive + PartialExtension;
                await using (var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan))
                await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
                {
                    await using (var gzip = new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        await source.CopyToAsync(gzip, cancellationToken);
                    }

                    target.Flush(flushToDisk: true);
                }

                File.Move(partial, archive);
            }

            // The archive is complete (it only ever gets its name once written), so the plain copy may go.
            File.Delete(file);
        }
    }

    private void DeleteBeyondRetention()
    {
        var rotated = Rotated();
        foreach (var path in rotated.Take(Math.Max(0, rotated.Count - options.MaxFiles)).SelectMany(r => r.Paths))
        {
            File.Delete(path);
            LogDeleted(logger, path, options.MaxFiles);
        }
    }

    private List<RotatedFile> Rotated()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = new List<(string Path, string Stamp, int Counter)>();
        foreach (var path in Directory.EnumerateFiles(directory, options.FilePrefix + "-*"))
        {
            var match = rotatedName.Match(Path.GetFileName(path));
            if (match.Success)
            {
                var counter = match.Groups["counter"].Success ? int.Parse(match.Groups["counter"].ValueSpan, CultureInfo.InvariantCulture) : 0;
                files.Add((path, match.Groups["stamp"].Value, counter));
            }
        }

        // A plain file and its archive (a compression cut short) are one rotated file.
        return files
            .GroupBy(f => (f.Stamp, f.Counter))
            .OrderBy(g => g.Key.Stamp, StringComparer.Ordinal).ThenBy(g => g.Key.Counter)
            .Select(g => new RotatedFile(g.Select(f => f.Path).Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>One rotated file: its plain path, its archive, or (while compressing) both.</summary>
    private sealed record RotatedFile(IReadOnlyList<string> Paths);

    [LoggerMessage(Level = LogLevel.Information, Message = "File sink rotated {Current} to {Rotated}")]
    private static partial void LogRotated(ILogger logger, string current, string rotated);

    [LoggerMessage(Level = LogLevel.Information, Message = "File sink deleted {Path}: more than {MaxFiles} rotated files")]
    private static partial void LogDeleted(ILogger logger, string path, int maxFiles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File sink for {Current} writes nothing: another sink holds its folder and prefix")]
    private static partial void LogHeldElsewhere(ILogger logger, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File sink could not compress or prune rotated files in {Directory}; tried again after the next batch")]
    private static partial void LogHousekeepingFailed(ILogger logger, Exception exception, string directory);
}
