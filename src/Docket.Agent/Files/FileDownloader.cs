using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Docket.Agent.Files;

/// <summary>
/// Downloads a ticket's file into a folder of the work folder. The bytes go to <c>name.part</c> first; a cut (a broken
/// connection, a server restart, the agent killed) leaves them there, and the next attempt asks only for the rest
/// (Range, with If-Range on the file's SHA-256 so a changed file starts over). The whole is checked against the
/// ticket's SHA-256 before it takes its name; a mismatch is deleted. Nothing is fetched that would pass the work
/// folder's disk budget.
/// </summary>
public sealed partial class FileDownloader(HttpClient http, IOptions<AgentOptions> options, WorkDisk disk, TimeProvider time, ILogger<FileDownloader> logger)
{
    private const int MaxAttempts = 5;

    public async Task<FileTransferResult> DownloadAsync(FileTicket ticket, string folder, CancellationToken cancellationToken)
    {
        var name = SafeName(ticket.Name);
        if (name is null || ticket.Size < 0 || ticket.Sha256.Length != 64)
        {
            return FileTransferResult.Failed(FileTransferError.Refused, $"The ticket for '{ticket.Name}' is malformed (its name, size or SHA-256).");
        }

        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name);
        var partial = target + ".part";
        if (File.Exists(target) && new FileInfo(target).Length == ticket.Size && await Sha256Async(target, cancellationToken) == ticket.Sha256)
        {
            return FileTransferResult.Done(target);
        }

        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            if (have > ticket.Size)
            {
                File.Delete(partial);
                have = 0;
            }

            if (disk.Refusal(ticket.Size - have, $"Downloading '{name}'") is { } refusal)
            {
                return FileTransferResult.Failed(FileTransferError.DiskBudget, refusal);
            }

            FileTransferResult? outcome;
            try
            {
                outcome = have == ticket.Size ? null : await FetchAsync(ticket, partial, have, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A cut: what reached the disk stays, and the next attempt resumes from there.
                if (attempt >= MaxAttempts)
                {
                    return FileTransferResult.Failed(FileTransferError.Unreachable, $"Downloading '{name}' failed {attempt} times; the last: {e.Message}");
                }

                Log.Resuming(logger, name, File.Exists(partial) ? new FileInfo(partial).Length : 0, e.Message);
                await Task.Delay(delay, time, cancellationToken);
                delay *= 2;
                continue;
            }

            if (outcome is not null)
            {
                return outcome;
            }

            return await VerifyAsync(ticket, partial, target, cancellationToken);
        }
    }

    /// <summary>One request: null when the part file now holds every byte; a failure the server answered otherwise.</summary>
    private async Task<FileTransferResult?> FetchAsync(FileTicket ticket, string partial, long have, CancellationToken cancellationToken)
    {
        using var request = await ServerRequests.CreateAsync(HttpMethod.Get, options.Value, ticket.Path, ticket.Token, cancellationToken);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
            request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{ticket.Sha256}\""));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent when response.Content.Headers.ContentRange?.From == have:
                break;
            case HttpStatusCode.PartialContent:
                File.Delete(partial);
                throw new IOException("The server sent another range than the one asked for; starting over.");
            case HttpStatusCode.OK:
                // The whole file (the server ignored the range, or the file is not the one the part was of): start over.
                have = 0;
                break;
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                File.Delete(partial);
                throw new IOException("The server holds fewer bytes than were downloaded; starting over.");
            case HttpStatusCode.Gone:
                File.Delete(partial);
                return FileTransferResult.Failed(FileTransferError.Removed, await ServerRequests.DetailAsync(response, cancellationToken));
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound:
                return FileTransferResult.Failed(FileTransferError.Refused, await ServerRequests.DetailAsync(response, cancellationToken));
            default:
                throw new HttpRequestException($"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = new FileStream(partial, have == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        var buffer = new byte[81920];
        var written = have;
        int n;
        while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            written += n;
            if (written > ticket.Size)
            {
                await file.DisposeAsync();
                File.Delete(partial);
                return FileTransferResult.Failed(FileTransferError.HashMismatch, $"The server sent more than the {ticket.Size} bytes the ticket names; the file was deleted.");
            }

            await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }

        if (written < ticket.Size)
        {
            throw new IOException($"The download ended after {written} of {ticket.Size} bytes.");
        }

        return null;
    }

    private static async Task<FileTransferResult> VerifyAsync(FileTicket ticket, string partial, string target, CancellationToken cancellationToken)
    {
        var actual = await Sha256Async(partial, cancellationToken);
        if (actual != ticket.Sha256)
        {
            File.Delete(partial);
            return FileTransferResult.Failed(FileTransferError.HashMismatch,
                $"'{Path.GetFileName(target)}' has SHA-256 {actual}, not the {ticket.Sha256} its ticket names; the file was deleted.");
        }

        File.Move(partial, target, overwrite: true);
        return FileTransferResult.Done(target);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    /// <summary>A plain file name: the server makes it one already, and the agent does not take its word for it.</summary>
    private static string? SafeName(string name)
    {
        var plain = Path.GetFileName(name.Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(plain) || plain is "." or ".." || plain.Any(char.IsControl) ? null : plain;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The download of {Name} was cut at {Bytes} bytes ({Reason}); resuming")]
        public static partial void Resuming(ILogger logger, string name, long bytes, string reason);
    }
}
