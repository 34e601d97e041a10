namespace Docket.Server.Features.Models;

/// <summary>A trained model of one model type: a line of versions, each a package, and tags that name versions.</summary>
public sealed class Model
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid ModelTypeId { get; set; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }

    /// <summary>The last number given to a version: numbers are never given twice, even after a version is removed.</summary>
    public int LastVersionNumber { get; set; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>
    /// Changes on every change of the model, its versions or its tags; served as the ETag (If-Match), and the token
    /// that serializes two version uploads or tag moves on one model.
    /// </summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
