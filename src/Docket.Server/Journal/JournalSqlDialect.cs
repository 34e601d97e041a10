using System.Globalization;
using Docket.Server.Storage;

namespace Docket.Server.Journal;

/// <summary>
/// The little SQL that differs between providers on the journal's hot path, which is written with plain
/// ADO.NET rather than EF Core's change tracker. Values are bound the way EF Core stores them, so EF reads them back.
/// </summary>
public abstract class JournalSqlDialect
{
    /// <summary>Reads the head and takes the lock that serializes appends until the transaction ends.</summary>
    public abstract string LockHeadSql { get; }

    public abstract object Bind(Guid? value);

    public abstract object Bind(DateTime value);

    /// <summary>
    /// Whether several records go in as one prepared single-row INSERT run once per record rather than as multi-row
    /// statements. On SQLite a statement is compiled in-process and every named parameter is bound by a linear search,
    /// so a 200-row statement costs far more than 200 runs of a prepared one (bench/results/journal.md).
    /// </summary>
    public abstract bool ReusesOneRowInsert { get; }

    public static JournalSqlDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => new SqliteDialect(),
        StorageProvider.Postgres => new PostgresDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private sealed class SqliteDialect : JournalSqlDialect
    {
        // The writing transaction already holds SQLite's single write lock (BEGIN IMMEDIATE).
        public override string LockHeadSql =>
            "SELECT last_sequence, last_signature FROM journal_head WHERE id = 1";

        public override bool ReusesOneRowInsert => true;

        public override object Bind(Guid? value) =>
            value is { } g ? g.ToString().ToUpperInvariant() : DBNull.Value;

        public override object Bind(DateTime value) =>
            value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    }

    private sealed class PostgresDialect : JournalSqlDialect
    {
        public override string LockHeadSql =>
            "SELECT last_sequence, last_signature FROM journal_head WHERE id = 1 FOR UPDATE";

        // Each statement is a network round trip here: fewer, larger statements win.
        public override bool ReusesOneRowInsert => false;

        public override object Bind(Guid? value) => value is { } g ? g : DBNull.Value;

        public override object Bind(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }
}
