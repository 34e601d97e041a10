namespace Docket.Server.Storage;

/// <summary>The database Docket keeps its state in; chosen by configuration alone.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}
