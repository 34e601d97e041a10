using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.ApiKeys;

/// <summary>
/// What authentication reads of API keys on every request that carries one, and the one thing it writes back through
/// this area: when a key was last used.
/// </summary>
public sealed class ApiKeyCredentials(DocketDbContext db)
{
    /// <summary>The key whose secret hashes to <paramref name="secretHash"/>, whatever its state: the caller judges it.</summary>
    public Task<ApiKey?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.SecretHash == secretHash, cancellationToken);

    public Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);

    /// <summary>Notes that the key was used at <paramref name="now"/>: a hint for operators, so written at most once a minute per key.</summary>
    public async Task NoteUseAsync(ApiKey key, DateTime now, CancellationToken cancellationToken)
    {
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
    }
}
