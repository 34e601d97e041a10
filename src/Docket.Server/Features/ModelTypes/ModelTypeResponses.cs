using Docket.Contracts.ModelTypes;

namespace Docket.Server.Features.ModelTypes;

/// <summary>The model type contract made from the stored type: the contracts assembly cannot know the entity.</summary>
public static class ModelTypeResponses
{
    extension(ModelTypeResponse)
    {
        public static ModelTypeResponse From(ModelType t) =>
            new(t.Id, t.TenantId, t.Name, t.Purpose, t.Description, t.IsBuiltIn, t.CreatedAt, t.UpdatedAt, Common.ETags.From(t.ConcurrencyStamp));
    }
}
