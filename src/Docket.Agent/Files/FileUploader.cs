using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Docket.Agent.Files;

/// <summary>
/// Uploads a file of a run's output to the path its ticket names: <c>PUT</c>, streamed from disk with its length, its
/// SHA-256 in <c>Repr-Digest</c> (RFC 9530) so the server keeps only the bytes the agent meant. A file over the
/// ticket's limit is not sent at all. A server that is busy or away (5xx, 408, 429, a broken connection) is tried again
/// with a doubling pause, a few times; any other refusal is final, with the server's reason. The server takes a PUT
/// again in place of what an earlier, broken one left, so a retry sends the whole file again.
/// </summary>
public sealed partial class FileUploader(HttpClient http, IOptions<AgentOptions> options, TimeProvider time, ILogger<FileUploader> logger)
{
    /// <summary>The header that carries the SHA-256 of the bytes sent (RFC 9530), which the server checks.</summary>
    public const string DigestHeader = "Repr-Digest";

    private const int MaxAttempts = 5;

    /// <summary>The first pause between attempts; it doubles after each (0.5 s, 1 s, 2 s, 4 s: a server restart's time).</summary>
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    public async Task<FileUploadResult> UploadAsync(UploadTicket ticket, string path, string contentType, CancellationToken cancellationToken)
    {
        var size = new FileInfo(path).Length;
        if (ticket.MaxBytes > 0 && size > ticket.MaxBytes)
        {
            return FileUploadResult.Failed($"it is {size} bytes, more than the {ticket.MaxBytes} the server takes; nothing was sent.");
        }

        byte[] sha256;
        await using (var file = Open(path))
        {
            sha256 = await SHA256.HashDataAsync(file, cancellationToken);
        }

        var digest = $"sha-256=:{Convert.ToBase64String(sha256)}:";
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var request = await ServerRequests.CreateAsync(HttpMethod.Put, options.Value, ticket.Path, ticket.Token, cancellationToken);
                // The content owns the stream: each attempt reads the file again from its start, never all of it at once.
                request.Content = new StreamContent(Open(path), 81920);
                request.Content.Headers.ContentLength = size;
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                request.Headers.TryAddWithoutValidation(DigestHeader, digest);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return FileUploadResult.Done(Convert.ToHexStringLower(sha256), size);
                }

                failure = await ServerRequests.DetailAsync(response, cancellationToken);
                if (!IsTransient(response.StatusCode))
                {
                    return FileUploadResult.Failed(failure);
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = e.Message;
            }

            if (attempt >= MaxAttempts)
            {
                return FileUploadResult.Failed($"it was tried {attempt} times; the last time: {failure}");
            }

            Log.Retrying(logger, ticket.Path, attempt, delay, failure);
            await Task.Delay(delay, time, cancellationToken);
            delay *= 2;
        }
    }

    /// <summary>Answers that may pass: the server failing or restarting, a timeout, too many requests at once.</summary>
    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The upload to {Path} failed (attempt {Attempt}: {Reason}); trying again in {Delay}")]
        public static partial void Retrying(ILogger logger, string path, int attempt, TimeSpan delay, string reason);
    }
}
