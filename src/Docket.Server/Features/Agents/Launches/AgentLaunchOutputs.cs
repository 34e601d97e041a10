using Docket.Server.Common;
using Docket.Server.Security;
using Docket.Server.Storage;
using Docket.Server.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Features.Agents.Launches;

/// <summary>
/// Takes what a run leaves (a model package, a test run's predictions) from the agent that runs it: the bytes go to
/// the blob store as they arrive, checked against the size limit and the digest the agent sends, and are kept for the
/// launch; the end of the launch (<see cref="AgentLaunchReports"/>) hands them to the process area when the hash it
/// reports matches.
/// </summary>
public sealed class AgentLaunchOutputs(DocketDbContext db, AgentPresence presence, IBlobStore blobs, IOptions<AgentOptions> options, TimeProvider time)
{
    /// <summary>
    /// Keeps the body of <paramref name="request"/> as output <paramref name="role"/> of launch <paramref name="launchId"/>.
    /// 401 without an agent's key; 404 for an unknown launch, a token that is not its own or an output the kind does
    /// not leave; 403 for another agent's launch or a disabled agent; 409 once the launch ended; 413 over
    /// <c>Agents:MaxOutputBytes</c>; 422 when the bytes do not match the Repr-Digest sent. A second upload replaces the first.
    /// </summary>
    public async Task<ApiError?> ReceiveAsync(
        string? credential, Guid launchId, LaunchOutputRole role, string? secret, string? reprDigest, HttpRequest request, CancellationToken cancellationToken)
    {
        var agent = string.IsNullOrEmpty(credential) ? null : await presence.AuthenticateAsync(credential, cancellationToken);
        var launch = agent is null ? null : await db.AgentLaunches.AsNoTracking().FirstOrDefaultAsync(l => l.Id == launchId, cancellationToken);
        if (AgentTokenChecks.Refused(agent, launch, l => (l.UploadSecretHash, l.AgentId, l.TenantId), secret, "launch's upload token", out var refusal))
        {
            return refusal;
        }

        if (!AgentLaunches.OutputsOf(launch.Kind).Contains(role))
        {
            return ApiError.NotFound($"A {role} output of a {launch.Kind} launch");
        }

        if (launch.EndedAt is not null)
        {
            return ApiError.Conflict("The launch has ended: an output must be uploaded before the end is reported.");
        }

        byte[]? expected = null;
        if (!string.IsNullOrEmpty(reprDigest) && (expected = Sha256Of(reprDigest)) is null)
        {
            return ApiError.Invalid("Repr-Digest", "must carry a sha-256 digest (RFC 9530), such as sha-256=:base64:.");
        }

        var max = options.Value.MaxOutputBytes;
        if (request.ContentLength > max)
        {
            return TooLarge(max);
        }

        StoredBlob stored;
        await using (var blob = blobs.Create())
        {
            try
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > max)
                    {
                        return TooLarge(max);
                    }

                    await blob.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            catch (BadHttpRequestException refused)
            {
                return refused.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(max) : ApiError.Invalid("body", refused.Message);
            }

            stored = await blob.CommitAsync(cancellationToken);
        }

        if (expected is not null && !Convert.FromHexString(stored.Key).AsSpan().SequenceEqual(expected))
        {
            // The blob may be shared with another row by its content: the collector removes it if nothing refers to it.
            return new ApiError(StatusCodes.Status422UnprocessableEntity, "Digest mismatch",
                "The bytes received do not have the SHA-256 sent in Repr-Digest: the upload was cut or changed; send it again.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var output = await db.AgentLaunchOutputs.FirstOrDefaultAsync(o => o.LaunchId == launchId && o.Role == role, cancellationToken);
        if (output is null)
        {
            db.AgentLaunchOutputs.Add(new AgentLaunchOutput { LaunchId = launchId, Role = role, BlobKey = stored.Key, Size = stored.Size, UploadedAt = now });
        }
        else
        {
            output.BlobKey = stored.Key;
            output.Size = stored.Size;
            output.UploadedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static ApiError TooLarge(long max) =>
        new(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"An output may be at most {max} bytes (Agents:MaxOutputBytes).");

    /// <summary>The sha-256 of an RFC 9530 Repr-Digest (<c>sha-256=:base64:</c>, perhaps among others), or null.</summary>
    private static byte[]? Sha256Of(string header)
    {
        foreach (var member in header.Split(','))
        {
            var parts = member.Trim().Split('=', 2);
            if (parts.Length == 2 && parts[0].Trim().Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            {
                var value = parts[1].Trim();
                if (value.Length > 2 && value[0] == ':' && value[^1] == ':')
                {
                    var bytes = new byte[32];
                    return Convert.TryFromBase64String(value[1..^1], bytes, out var written) && written == 32 ? bytes : null;
                }
            }
        }

        return null;
    }
}
