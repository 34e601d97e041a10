namespace Docket.Server.Features.Tenants;

/// <summary>The isolation unit: every project, user and journal record belongs to one.</summary>
public sealed class Tenant
{
    public required Guid Id { get; init; }

    /// <summary>What users type at login; unique, compared case-insensitively through <see cref="NormalizedName"/>.</summary>
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public bool IsEnabled { get; set; } = true;
    public required DateTime CreatedAt { get; init; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
