using Docket.Events;

namespace Docket.Contracts.Export;

/// <summary>Which journal records a subscription exports; an empty list means "any".</summary>
public sealed record ExportFilter
{
    public IReadOnlyList<int> Codes { get; init; } = [];
    public IReadOnlyList<int> Groups { get; init; } = [];
    public IReadOnlyList<EventClass> Classes { get; init; } = [];
    public IReadOnlyList<Guid> Tenants { get; init; } = [];
    public IReadOnlyList<Guid> Projects { get; init; } = [];
}
