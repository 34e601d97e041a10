using System.Text.Json;
using Docket.Server.Common;
using Docket.Server.Storage;
using Docket.Server.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Docket.Server.Journal;

/// <summary>
/// Keeps a witness of the journal's end outside the database: every <c>Journal:CheckpointInterval</c> it appends the
/// head's sequence and signature to <c>Journal:CheckpointFile</c>, one JSON line each. A line given back to verify
/// proves the chain still holds that record, so removing the newest records and rewriting the head, which the chain
/// alone cannot detect, is found as long as the file lives where the database's writer cannot reach (another disk,
/// a mounted share, a log shipper). Off when no file is set.
/// </summary>
internal sealed partial class JournalCheckpointWriter(
    IServiceScopeFactory scopes,
    IOptionsMonitor<JournalOptions> options,
    IOptions<DocketOptions> docket,
    TimeProvider time,
    ILogger<JournalCheckpointWriter> logger) : BackgroundWorker(scopes, time, logger)
{
    private long written;

    protected override TimeSpan Interval => options.CurrentValue.CheckpointInterval;

    protected override async Task<bool> RunPassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        if (options.CurrentValue.CheckpointFile is not { Length: > 0 } file)
        {
            return false;
        }

        var head = await services.GetRequiredService<DocketDbContext>().JournalHeads.AsNoTracking().SingleAsync(stoppingToken);
        if (head.LastSequence == 0 || head.LastSequence == written)
        {
            return false;
        }

        var line = JsonSerializer.Serialize(
            new CheckpointLine(head.LastSequence, head.LastSignature, Time.GetUtcNow().UtcDateTime, docket.Value.NodeId), JsonSerializerOptions.Web);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.AppendAllTextAsync(file, line + "\n", stoppingToken);
        written = head.LastSequence;
        LogWritten(Logger, head.LastSequence, file);
        return false;
    }

    private sealed record CheckpointLine(long Sequence, string Signature, DateTime WrittenAt, string NodeId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Journal checkpoint at record {Sequence} appended to {File}")]
    private static partial void LogWritten(ILogger logger, long sequence, string file);
}
