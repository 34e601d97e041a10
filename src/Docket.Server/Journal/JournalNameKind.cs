namespace Docket.Server.Journal;

/// <summary>The names a record carries besides its ids: what an export envelope shows for its tenant and folder.</summary>
public enum JournalNameKind
{
    Tenant,
    Project,
}
