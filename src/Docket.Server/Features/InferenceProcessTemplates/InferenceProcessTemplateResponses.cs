using Docket.Contracts.InferenceProcessTemplates;

namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary>The inference template contract made from the stored template: the contracts assembly cannot know the entity.</summary>
public static class InferenceProcessTemplateResponses
{
    extension(InferenceProcessTemplateResponse)
    {
        public static InferenceProcessTemplateResponse From(InferenceProcessTemplate t) =>
            new(t.Id, t.TenantId, t.Name, t.Description, t.ModelId, t.ModelVersion, t.ModelTag, t.MarkingSchemeId, [.. t.AllowedExtensions],
                t.OrientationDetection, t.LineRemoval, t.TableHeaderParsing, t.CreatedAt, t.UpdatedAt, Common.ETags.From(t.ConcurrencyStamp));
    }
}
