namespace Docket.Contracts.Scripts;

/// <summary>An engine's launch scripts; <see cref="Package"/> is null until its zip is uploaded.</summary>
public sealed record ScriptResponse(
    Guid Id, Guid TenantId, string Name, string Engine, string? Description, ScriptPackageResponse? Package,
    DateTime CreatedAt, DateTime UpdatedAt, string ETag);
