namespace Docket.Server.Journal;

/// <summary>Journal times are kept to the microsecond: PostgreSQL stores no finer, and a signature must survive the round trip.</summary>
internal static class JournalClock
{
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
}
