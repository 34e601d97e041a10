using Docket.Server.Storage;

namespace Docket.Server.Journal;

/// <summary>The records <see cref="IJournal"/> staged in this scope, appended by the next save in its transaction.</summary>
internal sealed class JournalOutbox(JournalAppender appender) : ITransactionalOutbox
{
    private readonly List<JournalRecord> staged = [];

    public bool HasPending => staged.Count > 0;

    public void Stage(JournalRecord record) => staged.Add(record);

    public Task WriteAsync(DocketDbContext db, CancellationToken cancellationToken) => appender.AppendAsync(db, staged, cancellationToken);

    // Kept until the commit on purpose: on failure the tracked change is still pending, and a retry must write its
    // events again with it.
    public void Committed() => staged.Clear();

    public void Discard() => staged.Clear();
}
