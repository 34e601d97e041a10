namespace Docket.Contracts.TrainProcessTemplates;

/// <summary>A training template as the API shows it.</summary>
public sealed record TrainProcessTemplateResponse(
    Guid Id, Guid TenantId, string Name, Guid ModelTypeId, Guid ModelTemplateId, string? Description,
    IReadOnlyList<string> AllowedExtensions, bool Augmentation, int Workers, int BatchSize, int Iterations, double LearningRate,
    TrainDevice Device, TimeSpan MaxRunTime, DateTime CreatedAt, DateTime UpdatedAt, string ETag);
