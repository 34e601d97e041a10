using Docket.Server.Common;
using Docket.Archives;
using Docket.Server.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Docket.Server.Storage.Packages;

/// <summary>
/// Receives a package (a model template's, a model version's or a script's zip) into the blob store, keyed by its
/// SHA-256. The zip is checked whole with the safe reader before it is kept: every entry inflated against the limits
/// and checked against its CRC-32, so a zip-slip path, a bomb or a broken zip is refused with the reason and leaves
/// nothing behind. An area may add its own rule on the entries' names (a script package must hold a launch script).
/// </summary>
public sealed class ModelPackages(IBlobStore blobs, IOptions<ModelPackageOptions> options)
{
    public Task<Result<StoredBlob>> ReceiveAsync(Stream body, CancellationToken cancellationToken) =>
        ReceiveAsync(body, null, cancellationToken);

    /// <param name="contentRule">
    /// Given the names of the package's files (checked, '/'-separated), why the package is refused; null to accept.
    /// </param>
    public async Task<Result<StoredBlob>> ReceiveAsync(
        Stream body, Func<IReadOnlyList<string>, string?>? contentRule, CancellationToken cancellationToken)
    {
        await using var writer = blobs.Create();
        await body.CopyToAsync(writer, cancellationToken);
        if (writer.Length == 0)
        {
            return ApiError.Invalid("package", "the upload is empty: send the package as a zip.");
        }

        await writer.FlushAsync(cancellationToken);
        if (await RefusalAsync(writer.TempPath, contentRule, cancellationToken) is { } refusal)
        {
            // Disposed uncommitted: the scratch file goes, and no blob was ever made of it.
            return new ApiError(StatusCodes.Status422UnprocessableEntity, "Invalid package", refusal);
        }

        return await writer.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Checks a package that is already a blob (a training run's model package, which the agent uploaded) as an upload
    /// is checked: why it is refused, or null to accept. It must be there with <paramref name="size"/> bytes.
    /// </summary>
    public async Task<string?> RefusalOfStoredAsync(string key, long size, CancellationToken cancellationToken)
    {
        var path = BlobKeys.IsValid(key) ? blobs.PathOf(key) : null;
        if (path is null || !File.Exists(path))
        {
            return "The package is not in the blob store.";
        }

        var length = new FileInfo(path).Length;
        return length != size ? $"The package holds {length} bytes, not the {size} reported." : await RefusalAsync(path, null, cancellationToken);
    }

    /// <summary>Opens a kept package for download, or null if its blob is gone.</summary>
    public Stream? OpenRead(string key) => blobs.OpenRead(key);

    private async Task<string?> RefusalAsync(string path, Func<IReadOnlyList<string>, string?>? contentRule, CancellationToken cancellationToken)
    {
        var (reader, error) = SafeZipReader.Open(path, options.Value.Archive);
        if (reader is null)
        {
            return error;
        }

        using (reader)
        {
            var files = new List<string>();
            foreach (var entry in reader.Entries())
            {
                if (entry.Refusal is not null)
                {
                    return $"The entry '{entry.Name}' {entry.Refusal}";
                }

                try
                {
                    await using var content = entry.Open();
                    await content.CopyToAsync(Stream.Null, cancellationToken);
                }
                catch (ZipLimitExceededException limit)
                {
                    return limit.Message.StartsWith("The archive", StringComparison.Ordinal) ? limit.Message : $"The entry '{entry.Name}' {limit.Message}";
                }
                catch (ZipEntryDamagedException damaged)
                {
                    return $"The entry '{damaged.EntryName}' {damaged.Message}";
                }
                catch (InvalidDataException)
                {
                    return $"The entry '{entry.Name}' is corrupt: its data does not inflate.";
                }

                files.Add(entry.Name);
            }

            return files.Count == 0 ? "The package holds no files." : contentRule?.Invoke(files);
        }
    }
}
