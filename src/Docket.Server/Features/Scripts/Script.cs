namespace Docket.Server.Features.Scripts;

/// <summary>An engine's launch scripts, kept as one zip that agents download when they launch a process.</summary>
public sealed class Script
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public required string Engine { get; set; }
    public string? Description { get; set; }

    /// <summary>The package's blob key, which is its SHA-256; null until a package is uploaded.</summary>
    public string? PackageBlob { get; set; }
    public long? PackageSize { get; set; }
    public DateTime? PackageUploadedAt { get; set; }

    /// <summary>Which of <see cref="LaunchScripts.All"/> the package holds at its root, space-separated, in that order.</summary>
    public string? PackageScripts { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
