using Docket.Contracts.Markings;
using Docket.Server.Features.MarkingSchemes;

namespace Docket.Server.Features.Markings;

/// <summary>The marking contract made from the stored marking, with the scheme's current field names beside the ids.</summary>
public static class MarkingResponses
{
    extension(MarkingResponse)
    {
        public static MarkingResponse From(Marking marking, MarkingScheme scheme) => From(marking, MarkingContent.FromJson(marking.Content), scheme);

        public static MarkingResponse From(Marking marking, MarkingContent content, MarkingScheme scheme)
        {
            var names = scheme.Fields.ToDictionary(f => f.Id, f => f.Name);
            return new(
                marking.Id, marking.TenantId, marking.ProjectId, marking.ImageId, marking.SchemeId,
                [.. content.Fields.Select(f => new MarkingValueResponse(f.FieldId, names.GetValueOrDefault(f.FieldId), f.Value, f.Boxes, f.Rows))],
                content.DocumentTypeId,
                content.DocumentTypeId is { } type ? names.GetValueOrDefault(type) : null,
                marking.CreatedAt,
                marking.UpdatedAt,
                Common.ETags.From(marking.ConcurrencyStamp));
        }
    }
}
