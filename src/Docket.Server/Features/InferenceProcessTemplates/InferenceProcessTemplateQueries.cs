using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Features.Models;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary>
/// What other areas ask of inference templates (docs/architecture.md, "Crossing areas"): a tenant's template, as an
/// inference process will name it; and whether a model, a version or tag of one, or a marking scheme is still used by one.
/// </summary>
public sealed class InferenceProcessTemplateQueries(DocketDbContext db) : IModelRemovalCheck, IModelVersionRemovalCheck, IMarkingSchemeRemovalCheck
{
    /// <summary>How many templates a refusal names; the rest are counted.</summary>
    private const int NamesShown = 10;

    /// <summary>The template, untracked, if it is <paramref name="tenantId"/>'s; another tenant's is missing.</summary>
    public Task<InferenceProcessTemplate?> FindForTenantAsync(Guid tenantId, Guid templateId, CancellationToken cancellationToken) =>
        db.InferenceProcessTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId && t.TenantId == tenantId, cancellationToken);

    async Task<string?> IModelRemovalCheck.RefusalAsync(Guid modelId, CancellationToken cancellationToken) =>
        await db.InferenceProcessTemplates.AnyAsync(t => t.ModelId == modelId, cancellationToken)
            ? "The model is used by inference templates; remove them or have them serve another model first."
            : null;

    async Task<string?> IModelVersionRemovalCheck.VersionRefusalAsync(Guid modelId, int number, CancellationToken cancellationToken)
    {
        var pinning = await db.InferenceProcessTemplates.AsNoTracking()
            .Where(t => t.ModelId == modelId && t.ModelVersion == number)
            .Select(t => t.Name)
            .ToListAsync(cancellationToken);
        return pinning.Count == 0
            ? null
            : $"Version {number} of the model is pinned by the inference {Templates(pinning)}; have them serve another version first.";
    }

    async Task<string?> IModelVersionRemovalCheck.TagRefusalAsync(Guid modelId, IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        var following = await db.InferenceProcessTemplates.AsNoTracking()
            .Where(t => t.ModelId == modelId && t.ModelTag != null && tags.Contains(t.ModelTag))
            .Select(t => new { t.ModelTag, t.Name })
            .ToListAsync(cancellationToken);
        if (following.Count == 0)
        {
            return null;
        }

        var each = following.GroupBy(t => t.ModelTag!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"the tag '{g.Key}' is followed by the inference {Templates([.. g.Select(t => t.Name)])}");
        var said = string.Join("; ", each);
        return $"{char.ToUpperInvariant(said[0])}{said[1..]}; have them follow another tag or pin a version first.";
    }

    /// <summary>"template 'A'" or "templates 'A', 'B' and 3 more", in name order.</summary>
    private static string Templates(List<string> names)
    {
        var shown = string.Join(", ", names.Order(StringComparer.Ordinal).Take(NamesShown).Select(n => $"'{n}'"));
        var more = names.Count > NamesShown ? $" and {names.Count - NamesShown} more" : "";
        return $"{(names.Count == 1 ? "template" : "templates")} {shown}{more}";
    }

    async Task<string?> IMarkingSchemeRemovalCheck.RefusalAsync(Guid schemeId, CancellationToken cancellationToken) =>
        await db.InferenceProcessTemplates.AnyAsync(t => t.MarkingSchemeId == schemeId, cancellationToken)
            ? "The marking scheme is used by inference templates; remove them or have them fill in another scheme first."
            : null;
}
