using Docket.Contracts.MarkingSchemes;

namespace Docket.Server.Features.MarkingSchemes;

/// <summary>The scheme contract made from the stored scheme, its fields in order: the contracts assembly cannot know the entities.</summary>
public static class MarkingSchemeResponses
{
    extension(MarkingSchemeResponse)
    {
        public static MarkingSchemeResponse From(MarkingScheme s) =>
            new(s.Id, s.TenantId, s.ProjectId, s.Name, s.Description, s.Kind,
                [.. s.Fields.OrderBy(f => f.Order).Select(f => MarkingFieldResponse.From(f, s.ConcurrencyStamp))],
                s.CreatedAt, s.UpdatedAt,
                Common.ETags.From(s.ConcurrencyStamp));
    }
}
