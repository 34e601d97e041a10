using Docket.Contracts.ModelTemplates;

namespace Docket.Server.Features.ModelTemplates;

/// <summary>The model template contract made from the stored template: the contracts assembly cannot know the entity.</summary>
public static class ModelTemplateResponses
{
    extension(ModelTemplateResponse)
    {
        public static ModelTemplateResponse From(ModelTemplate t) =>
            new(t.Id, t.TenantId, t.Name, t.ModelTypeId, t.Description,
                t.PackageBlob is null ? null : new ModelPackageResponse(t.PackageSize!.Value, t.PackageBlob, t.PackageUploadedAt!.Value),
                t.CreatedAt, t.UpdatedAt, Common.ETags.From(t.ConcurrencyStamp));
    }
}
