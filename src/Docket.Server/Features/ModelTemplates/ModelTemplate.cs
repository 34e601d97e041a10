namespace Docket.Server.Features.ModelTemplates;

/// <summary>A base model package that training starts from, for one model type; its zip is uploaded after it is made.</summary>
public sealed class ModelTemplate
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ModelTypeId { get; set; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }

    /// <summary>The package's blob key, which is its SHA-256; null until a package is uploaded.</summary>
    public string? PackageBlob { get; set; }
    public long? PackageSize { get; set; }
    public DateTime? PackageUploadedAt { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
