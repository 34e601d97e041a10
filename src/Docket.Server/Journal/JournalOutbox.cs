using Docket.Server.Storage;

namespace Docket.Server.Journal;

/// <summary>The records <see cref="IJournal"/> staged in this scope, appended by the next save in its transaction.</summary>
internal sealed class JournalOutbox(JournalAppender appender, JournalNames names) : ITransactionalOutbox
{
    private readonly List<JournalRecord> staged = [];
    private readonly List<(JournalNameKind Kind, Guid Id, string Name)> named = [];

    public bool HasPending => staged.Count > 0;

    public void Stage(JournalRecord record) => staged.Add(record);

    /// <summary>A name its owning area gave with a record: the newest one, kept by the lookup once the record commits.</summary>
    public void Named(JournalNameKind kind, Guid id, string name) => named.Add((kind, id, name));

    /// <summary>Names are filled here, inside the transaction and before the head is locked, so they add nothing to the time it is held.</summary>
    public async Task WriteAsync(DocketDbContext db, CancellationToken cancellationToken)
    {
        await names.FillAsync(db, staged, cancellationToken);
        await appender.AppendAsync(db, staged, cancellationToken);
    }

    // Kept until the commit on purpose: on failure the tracked change is still pending, and a retry must write its
    // events again with it.
    public void Committed()
    {
        foreach (var (kind, id, name) in named)
        {
            names.Remember(kind, id, name);
        }

        Discard();
    }

    public void Discard()
    {
        staged.Clear();
        named.Clear();
    }
}
