namespace Docket.Server.Features.InferenceProcessTemplates;

/// <summary>
/// How an inference process serves: which model (a pinned version, or a tag followed at launch), which marking scheme
/// it fills in, which pages it takes and which page treatments run before the engine reads them.
/// </summary>
public sealed class InferenceProcessTemplate
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Description { get; set; }
    public required Guid ModelId { get; set; }

    /// <summary>The pinned version number; null when <see cref="ModelTag"/> is set (exactly one of the two is).</summary>
    public int? ModelVersion { get; set; }

    /// <summary>
    /// The tag, stored by name and resolved when a process is launched, so moving the tag moves every template that
    /// follows it; null when <see cref="ModelVersion"/> is set.
    /// </summary>
    public string? ModelTag { get; set; }
    public required Guid MarkingSchemeId { get; set; }
    public required List<string> AllowedExtensions { get; set; }
    public bool OrientationDetection { get; set; }
    public bool LineRemoval { get; set; }
    public bool TableHeaderParsing { get; set; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public Guid? CreatedBy { get; init; }

    /// <summary>Changes on every update; served as the ETag so concurrent edits are caught (If-Match).</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
