using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Export;

/// <summary>
/// Encrypts the sink secrets an earlier version stored in clear, once at start (the runner calls it before its first
/// pass). Each row is rewritten only if it still holds what was read, so an operator's change made meanwhile wins; the
/// settings mean the same after it, so nothing is journalled and the runner's sink is not rebuilt.
/// </summary>
internal sealed partial class SinkSecretsUpgrade(DocketDbContext db, IExportSinkFactory sinks, ILogger<SinkSecretsUpgrade> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var subscriptions = await db.ExportSubscriptions.AsNoTracking()
            .Select(s => new { s.Id, s.Sink, s.SinkSettings })
            .ToListAsync(cancellationToken);
        var encrypted = 0;
        foreach (var subscription in subscriptions)
        {
            var (id, read) = (subscription.Id, subscription.SinkSettings);
            if (sinks.EncryptClearSecrets(subscription.Sink, read, id) is not { } sealedSettings)
            {
                continue;
            }

            encrypted += await db.ExportSubscriptions
                .Where(s => s.Id == id && s.SinkSettings == read)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SinkSettings, sealedSettings), cancellationToken);
        }

        if (encrypted > 0)
        {
            LogEncrypted(logger, encrypted);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted the sink secrets of {Count} export subscription(s) stored in clear by an earlier version")]
    private static partial void LogEncrypted(ILogger logger, int count);
}
