namespace Docket.Server.Features.MarkingSchemes;

/// <summary>
/// Whether markings use a field or a table's columns, for the scheme service to refuse removing what is in use. The
/// marking area implements it (markings depend on schemes, not the other way) and registers it in DI.
/// </summary>
public interface IMarkingFieldUsage
{
    Task<bool> FieldUsedAsync(Guid schemeId, Guid fieldId, CancellationToken cancellationToken);

    /// <summary>The normalized names of the columns of a table field that markings have cells in.</summary>
    Task<HashSet<string>> ColumnsUsedAsync(Guid schemeId, Guid fieldId, CancellationToken cancellationToken);
}
