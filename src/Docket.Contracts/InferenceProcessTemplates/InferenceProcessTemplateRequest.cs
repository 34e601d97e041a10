namespace Docket.Contracts.InferenceProcessTemplates;

/// <summary>
/// Body of create and update: how an inference process serves. The model is named with exactly one of
/// <see cref="ModelVersion"/> (a pinned version number) and <see cref="ModelTag"/> (a tag, followed to wherever it
/// points when a process is launched). <see cref="TenantId"/> is honoured for the Administrator only.
/// </summary>
public sealed record InferenceProcessTemplateRequest
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required Guid ModelId { get; init; }

    /// <summary>A version number of the model; null when <see cref="ModelTag"/> names it.</summary>
    public int? ModelVersion { get; init; }

    /// <summary>A tag of the model (<c>production</c>); null when <see cref="ModelVersion"/> names it.</summary>
    public string? ModelTag { get; init; }

    /// <summary>The marking scheme whose fields the process fills in; of the same tenant.</summary>
    public required Guid MarkingSchemeId { get; init; }

    /// <summary>The file extensions of the pages the process takes (".png", ".pdf"); all known ones when null.</summary>
    public IReadOnlyList<string>? AllowedExtensions { get; init; }
    public bool OrientationDetection { get; init; }
    public bool LineRemoval { get; init; }
    public bool TableHeaderParsing { get; init; }
    public Guid? TenantId { get; init; }
}
