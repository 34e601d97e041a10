namespace Docket.Contracts.Export;

/// <summary>Codes and groups by number or catalog name, classes by name or number.</summary>
public sealed record ExportFilterRequest
{
    public IReadOnlyList<string> Codes { get; init; } = [];
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> Classes { get; init; } = [];
    public IReadOnlyList<Guid> Tenants { get; init; } = [];
    public IReadOnlyList<Guid> Projects { get; init; } = [];
}
