namespace Docket.Server.Storage;

/// <summary>
/// Puts what a new database needs (the built-in administrator) in place once migrations ran. Registered by the area that
/// owns the data, so storage calls it without knowing it.
/// </summary>
public interface IDatabaseSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
