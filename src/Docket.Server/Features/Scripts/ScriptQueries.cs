using Docket.Server.Common;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Scripts;

/// <summary>
/// What other areas ask of scripts (docs/architecture.md, "Crossing areas"): the package of a tenant's script, which
/// a launch hands to <c>AgentFiles.IssueAsync</c> so the agent may download it, and which launch scripts it holds.
/// </summary>
public sealed class ScriptQueries(DocketDbContext db)
{
    /// <summary>
    /// The script's package if the script is <paramref name="tenantId"/>'s and has one; another tenant's script, or one
    /// with no package yet, answers null.
    /// </summary>
    public async Task<ScriptPackage?> PackageForTenantAsync(Guid tenantId, Guid scriptId, CancellationToken cancellationToken)
    {
        var found = await db.Scripts.AsNoTracking()
            .Where(s => s.Id == scriptId && s.TenantId == tenantId && s.PackageBlob != null)
            .Select(s => new { s.PackageBlob, s.PackageSize, s.Name })
            .FirstOrDefaultAsync(cancellationToken);
        // The blob key is the package's SHA-256 (the store keys by content).
        return found is null ? null : new ScriptPackage(found.PackageBlob!, found.PackageSize!.Value, found.PackageBlob!, DownloadNames.Of(found.Name + ".zip", "script.zip"));
    }

    /// <summary>
    /// The launch scripts (<see cref="LaunchScripts.All"/>) at the root of the package of <paramref name="tenantId"/>'s
    /// script, so a process can refuse a script that cannot run its kind; null when the script is missing, another
    /// tenant's, or has no package yet.
    /// </summary>
    public async Task<IReadOnlyList<string>?> LaunchScriptsForTenantAsync(Guid tenantId, Guid scriptId, CancellationToken cancellationToken)
    {
        var found = await db.Scripts.AsNoTracking()
            .Where(s => s.Id == scriptId && s.TenantId == tenantId && s.PackageBlob != null)
            .Select(s => new { s.PackageScripts })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.PackageScripts ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
