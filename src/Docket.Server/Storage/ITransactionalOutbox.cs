namespace Docket.Server.Storage;

/// <summary>
/// Rows that must commit in the same transaction as the tracked changes, written after them (DESIGN rule 2: the
/// journal's transactional outbox). An outbox is scoped like the context; storage only calls it and knows nothing of
/// what it writes, so the journal stands on storage and not the other way round.
/// </summary>
public interface ITransactionalOutbox
{
    bool HasPending { get; }

    /// <summary>Writes what is staged, inside <paramref name="db"/>'s current transaction, after the change's own statements.</summary>
    Task WriteAsync(DocketDbContext db, CancellationToken cancellationToken);

    /// <summary>The transaction committed: forget what was written.</summary>
    void Committed();

    /// <summary>The caller gives up the pending change: forget what was staged.</summary>
    void Discard();
}
