namespace Docket.Server.Journal;

/// <summary>Which records a <see cref="JournalReader"/> takes: a condition on the records, without order or cursor (the reader adds those).</summary>
public interface IJournalRecordFilter
{
    IQueryable<JournalRecord> Apply(IQueryable<JournalRecord> records);
}
