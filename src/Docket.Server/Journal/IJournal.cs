using Docket.Events;

namespace Docket.Server.Journal;

/// <summary>The one API features record catalog events through.</summary>
public interface IJournal
{
    /// <summary>Stages the event: it is written by the next SaveChangesAsync, in the same transaction as the change.</summary>
    void Record(EventCode code, JournalEvent? details = null);

    /// <summary>Records an event that stands alone (no entity change), such as a refused login, and saves it now.</summary>
    Task RecordNowAsync(EventCode code, JournalEvent? details, CancellationToken cancellationToken);
}
