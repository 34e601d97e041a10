using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Docket.Server.Security;

/// <summary>
/// Keeps a long-lived stream (the journal's live tail; agents' streams later) within the right it was opened with.
/// A request is authorized once, when it starts; a stream lasts hours. So its caller is checked again every
/// <see cref="StreamOptions.StreamRecheckInterval"/>, and at once when this replica announces a change for the user
/// (<see cref="CredentialSignals"/>): a revoked key or session, a blocked user, a right taken away ends the stream.
/// </summary>
public sealed partial class CallerWatcher(
    IServiceScopeFactory scopes, CredentialSignals signals, IOptions<StreamOptions> options, TimeProvider time, ILogger<CallerWatcher> logger)
{
    /// <summary>
    /// Starts watching <paramref name="caller"/>, who must go on holding <paramref name="needs"/>. The watch's
    /// <see cref="CallerWatch.Ended"/> is cancelled when <paramref name="cancellationToken"/> is (the client left) or the
    /// caller may no longer have the stream. Dispose the watch when the stream ends.
    /// </summary>
    public CallerWatch Watch(ClaimsPrincipal caller, RightRequirement needs, CancellationToken cancellationToken)
    {
        var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new CallerWatch(ended, RecheckAsync(caller, needs, ended));
    }

    private async Task RecheckAsync(ClaimsPrincipal caller, RightRequirement needs, CancellationTokenSource ended)
    {
        var token = ended.Token;
        var userId = caller.GetUserId();
        try
        {
            while (!token.IsCancellationRequested)
            {
                using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    await Task.WhenAny(signals.NextChange(userId), Task.Delay(options.Value.StreamRecheckInterval, time, waiting.Token));

                    // A signal came first: stop the timer rather than leave it pending for the whole interval.
                    await waiting.CancelAsync();
                }

                if (token.IsCancellationRequested)
                {
                    return;
                }

                if (!await StillAllowedAsync(caller, needs, token))
                {
                    LogStreamEnded(logger, userId, needs.Kind, needs.Rights);
                    await ended.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The stream ended first.
        }
        catch (Exception exception)
        {
            // A check that cannot be made does not keep a stream open: fail closed, the client reconnects.
            LogRecheckFailed(logger, exception, userId);
            await ended.CancelAsync();
        }
    }

    private async Task<bool> StillAllowedAsync(ClaimsPrincipal caller, RightRequirement needs, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var fresh = await scope.ServiceProvider.GetRequiredService<ICredentialStore>().RevalidateAsync(caller, cancellationToken);
        return fresh is not null
            && (fresh.GetRights(needs.Kind) & needs.Rights) == needs.Rights
            // What a stream shows was scoped when it opened, and an Administrator's spans every tenant.
            && (!caller.IsAdministrator() || fresh.IsAdministrator());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended a live stream of user {UserId}: its credential or its {Kind} {Rights} right is gone")]
    private static partial void LogStreamEnded(ILogger logger, Guid userId, ObjectKind kind, Rights rights);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended a live stream of user {UserId}: its caller could not be checked again")]
    private static partial void LogRecheckFailed(ILogger logger, Exception exception, Guid userId);
}
