namespace Docket.Server.Journal;

/// <summary>
/// Records read after a sequence, oldest first. <see cref="ScannedTo"/> is how far the read looked: the last record
/// when the batch is full, else the journal's head, so a reader may move its cursor past records its filter left out.
/// <see cref="AtHead"/>: the batch is not full, so nothing committed after it was there yet.
/// </summary>
public sealed record JournalBatch(IReadOnlyList<JournalRecord> Records, long ScannedTo, bool AtHead);
