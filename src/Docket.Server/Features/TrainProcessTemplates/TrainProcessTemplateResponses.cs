using Docket.Contracts.TrainProcessTemplates;

namespace Docket.Server.Features.TrainProcessTemplates;

/// <summary>The training template contract made from the stored template: the contracts assembly cannot know the entity.</summary>
public static class TrainProcessTemplateResponses
{
    extension(TrainProcessTemplateResponse)
    {
        public static TrainProcessTemplateResponse From(TrainProcessTemplate t) =>
            new(t.Id, t.TenantId, t.Name, t.ModelTypeId, t.ModelTemplateId, t.Description, [.. t.AllowedExtensions], t.Augmentation,
                t.Workers, t.BatchSize, t.Iterations, t.LearningRate, t.Device, t.MaxRunTime, t.CreatedAt, t.UpdatedAt,
                Common.ETags.From(t.ConcurrencyStamp));
    }
}
