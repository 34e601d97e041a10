using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Storage;

/// <summary>Where the state lives: <c>Storage:Provider</c> and <c>Storage:ConnectionString</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Empty means the embedded default: <c>docket.db</c> under the data directory (SQLite only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Seconds a SQLite writer waits for the write lock before it gives up.</summary>
    [Range(1, 600)]
    public int SqliteBusyTimeoutSeconds { get; set; } = 30;
}
