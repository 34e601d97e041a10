using System.Text.Json;
using Docket.Contracts.Models;
using Docket.Contracts.ModelTemplates;

namespace Docket.Server.Features.Models;

/// <summary>The model version contract made from the stored version: the contracts assembly cannot know the entity.</summary>
public static class ModelVersionResponses
{
    extension(ModelVersionResponse)
    {
        public static ModelVersionResponse From(ModelVersion v, IReadOnlyList<string> tags) =>
            new(v.Id, v.ModelId, v.Number, new ModelPackageResponse(v.PackageSize, v.PackageBlob, v.CreatedAt), tags,
                v.ModelTemplateId, v.DataSetId, v.DataSetVersion, v.DataSetVersionId, v.TrainProcessTemplateId,
                v.Metrics is null ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(v.Metrics),
                v.Description, v.CreatedAt, v.CreatedBy);
    }
}
