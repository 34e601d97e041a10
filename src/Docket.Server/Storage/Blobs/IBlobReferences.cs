namespace Docket.Server.Storage.Blobs;

/// <summary>One per feature that keeps blob keys in its tables: tells the collector which keys are still in use.</summary>
public interface IBlobReferences
{
    /// <summary>Of the given keys, those this feature still refers to.</summary>
    Task<IReadOnlyCollection<string>> FindReferencedAsync(DocketDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
