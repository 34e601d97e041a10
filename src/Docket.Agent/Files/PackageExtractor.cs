using Docket.Archives;

namespace Docket.Agent.Files;

/// <summary>
/// Unzips a downloaded package (a dataset, a model template, a model) into a folder with the server's own checks
/// (<see cref="SafeZipReader"/>): an entry that climbs out, a link, a bomb, a damaged or broken archive refuses the
/// whole package, since an engine must not run on part of one. It is unzipped into a scratch folder beside the target
/// and renamed into place when whole, so the target never holds a partial package; a refused one leaves nothing.
/// The inflated bytes also count against the work folder's disk budget.
/// </summary>
public sealed class PackageExtractor(WorkDisk disk)
{
    public async Task<FileTransferResult> ExtractAsync(string zipPath, string folder, ZipLimits limits, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(folder);
        var scratch = target + ".unzipping";
        RunFolders.Delete(scratch);
        var budget = disk.Available();
        var bounded = new ZipLimits
        {
            MaxEntries = limits.MaxEntries,
            MaxEntryBytes = limits.MaxEntryBytes,
            MaxCompressionRatio = limits.MaxCompressionRatio,
            MaxTotalBytes = Math.Max(1, Math.Min(limits.MaxTotalBytes, budget)),
        };
        var (reader, error) = SafeZipReader.Open(zipPath, bounded);
        if (reader is null)
        {
            return FileTransferResult.Failed(FileTransferError.BadArchive, $"'{Path.GetFileName(zipPath)}': {error}");
        }

        using (reader)
        {
            try
            {
                Directory.CreateDirectory(scratch);
                foreach (var entry in reader.Entries())
                {
                    if (entry.Refusal is not null)
                    {
                        return Refuse(scratch, $"'{Path.GetFileName(zipPath)}': the entry '{entry.Name}' {entry.Refusal}");
                    }

                    var path = Path.GetFullPath(Path.Combine(scratch, entry.Name));
                    if (!path.StartsWith(scratch + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        return Refuse(scratch, $"'{Path.GetFileName(zipPath)}': the entry '{entry.Name}' would land outside the folder.");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await using var content = entry.Open();
                    await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                    await content.CopyToAsync(file, cancellationToken);
                }
            }
            catch (ZipLimitExceededException e)
            {
                return Refuse(scratch, $"'{Path.GetFileName(zipPath)}' {e.Message} (limits, or the work folder's disk budget of {disk.Budget} bytes)");
            }
            catch (ZipEntryDamagedException e)
            {
                return Refuse(scratch, $"'{Path.GetFileName(zipPath)}': the entry '{e.EntryName}' {e.Message}");
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                return Refuse(scratch, $"'{Path.GetFileName(zipPath)}' cannot be unzipped: {e.Message}");
            }
            catch
            {
                RunFolders.Delete(scratch);
                throw;
            }
        }

        RunFolders.Delete(target);
        Directory.Move(scratch, target);
        return FileTransferResult.Done(target);
    }

    private static FileTransferResult Refuse(string scratch, string detail)
    {
        RunFolders.Delete(scratch);
        return FileTransferResult.Failed(FileTransferError.BadArchive, detail);
    }
}
