namespace Docket.Contracts.MarkingSchemes;

/// <summary>Body of <c>PATCH /api/v1/marking-schemes/{id}/fields</c>: settings of several fields changed at once.</summary>
public sealed record FieldSettingsRequest
{
    public required IReadOnlyList<FieldSettings> Fields { get; init; }
}
