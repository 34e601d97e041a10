using Docket.Contracts.ModelTypes;

namespace Docket.Server.Features.ModelTypes;

/// <summary>
/// What a robot asks for by name, and what inference processes serve. The built-in types (one per purpose) have no
/// tenant, so every tenant, existing or new, has them, as it has the built-in roles; they cannot be changed or removed.
/// </summary>
public sealed class ModelType
{
    public static readonly Guid FieldExtractionId = Guid.Parse("00000000-0000-7000-8001-000000000001");
    public static readonly Guid ClassificationId = Guid.Parse("00000000-0000-7000-8001-000000000002");
    public static readonly Guid FreeFormId = Guid.Parse("00000000-0000-7000-8001-000000000003");

    public required Guid Id { get; init; }

    /// <summary>Null for the built-in types, which every tenant shares.</summary>
    public Guid? TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public required ModelPurpose Purpose { get; init; }
    public string? Description { get; set; }
    public bool IsBuiltIn { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
