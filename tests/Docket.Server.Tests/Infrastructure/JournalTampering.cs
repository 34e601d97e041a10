using Docket.Server.Journal;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>
/// What someone with write access to the database but not the signing key can do to the journal, straight in SQL,
/// and the undoing of it, so a test can tamper, look, and leave the shared server as it found it.
/// </summary>
public sealed class JournalTampering(DocketServer server)
{
    public async Task<(long Sequence, string Signature)> RecordAsync(long sequence) =>
        (sequence, await ScalarAsync<string>($"SELECT signature AS \"Value\" FROM journal_records WHERE sequence = {sequence}"));

    public async Task<(long AnchorSequence, string AnchorSignature, long LastSequence, string LastSignature)> HeadAsync()
    {
        await using var scope = server.Scope();
        var head = await scope.ServiceProvider.GetRequiredService<DocketDbContext>().JournalHeads.AsNoTracking().SingleAsync();
        return (head.AnchorSequence, head.AnchorSignature, head.LastSequence, head.LastSignature);
    }

    /// <summary>Moves <paramref name="from"/>..<paramref name="to"/> aside (into a table named by <paramref name="stash"/>).</summary>
    public async Task RemoveAsync(long from, long to, string stash)
    {
        await ExecuteAsync($"CREATE TABLE {stash} AS SELECT * FROM journal_records WHERE sequence BETWEEN {from} AND {to}");
        await ExecuteAsync($"DELETE FROM journal_records WHERE sequence BETWEEN {from} AND {to}");
    }

    public async Task RestoreAsync(string stash)
    {
        await ExecuteAsync($"INSERT INTO journal_records SELECT * FROM {stash}");
        await ExecuteAsync($"DROP TABLE {stash}");
    }

    public Task SetAnchorAsync(long sequence, string signature) =>
        ExecuteAsync($"UPDATE journal_head SET anchor_sequence = {sequence}, anchor_signature = '{signature}' WHERE id = 1");

    public Task SetEndAsync(long sequence, string signature) =>
        ExecuteAsync($"UPDATE journal_head SET last_sequence = {sequence}, last_signature = '{signature}' WHERE id = 1");

    private async Task ExecuteAsync(string sql)
    {
        await using var scope = server.Scope();
        await scope.ServiceProvider.GetRequiredService<DocketDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var scope = server.Scope();
        return await scope.ServiceProvider.GetRequiredService<DocketDbContext>().Database.SqlQueryRaw<T>(sql).SingleAsync();
    }
}
