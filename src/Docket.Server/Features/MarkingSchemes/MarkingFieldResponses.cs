using Docket.Contracts.MarkingSchemes;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>The field contract made from a stored field, with its scheme's ETag.</summary>
public static class MarkingFieldResponses
{
    extension(MarkingFieldResponse)
    {
        public static MarkingFieldResponse From(MarkingField f, Guid schemeStamp) =>
            new(f.Id, f.SchemeId, f.Name, f.Description, f.Type, f.Language, f.Orientation, f.MultiLine, f.Required, f.FormatPattern,
                f.Order, [.. f.Columns.Select(MarkingFieldColumnResponse.From)], Common.ETags.From(schemeStamp));
    }
}
