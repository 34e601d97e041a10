namespace Docket.Contracts.Models;

/// <summary>A model with its tags (tag name to version number) and its latest version's number (null before the first).</summary>
public sealed record ModelResponse(
    Guid Id, Guid TenantId, string Name, Guid ModelTypeId, string? Description, int? LatestVersion,
    IReadOnlyDictionary<string, int> Tags, DateTime CreatedAt, DateTime UpdatedAt, string ETag);
