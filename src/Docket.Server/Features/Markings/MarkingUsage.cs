using Docket.Contracts.Markings;
using Docket.Server.Common;
using Docket.Server.Features.MarkingSchemes;
using Docket.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Docket.Server.Features.Markings;

/// <summary>
/// Whether markings use a scheme, a field or a table's columns, for the scheme area to refuse removing what is in use.
/// A text search narrows the markings to those that mention the field's id; the JSON of those decides.
/// </summary>
public sealed class MarkingUsage(DocketDbContext db) : IMarkingFieldUsage, IMarkingSchemeRemovalCheck
{
    public async Task<string?> RefusalAsync(Guid schemeId, CancellationToken cancellationToken) =>
        await db.Markings.AnyAsync(m => m.SchemeId == schemeId, cancellationToken)
            ? "The marking scheme has markings; remove them before the scheme."
            : null;

    public async Task<bool> FieldUsedAsync(Guid schemeId, Guid fieldId, CancellationToken cancellationToken)
    {
        await foreach (var content in MentioningAsync(schemeId, fieldId, cancellationToken))
        {
            if (content.DocumentTypeId == fieldId || content.Fields.Any(f => f.FieldId == fieldId))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<HashSet<string>> ColumnsUsedAsync(Guid schemeId, Guid fieldId, CancellationToken cancellationToken)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var content in MentioningAsync(schemeId, fieldId, cancellationToken))
        {
            foreach (var cell in content.Fields.Where(f => f.FieldId == fieldId).SelectMany(f => f.Rows ?? []).SelectMany(r => r.Cells))
            {
                used.Add(TextRules.Normalize(cell.Column));
            }
        }

        return used;
    }

    private async IAsyncEnumerable<MarkingContent> MentioningAsync(
        Guid schemeId, Guid fieldId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Stored JSON writes ids in the "D" form, lowercase; the same form is searched for.
        var text = fieldId.ToString("D");
        var query = db.Markings.AsNoTracking().Where(m => m.SchemeId == schemeId && m.Content.Contains(text)).Select(m => m.Content);
        await foreach (var json in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return MarkingContent.FromJson(json);
        }
    }
}
