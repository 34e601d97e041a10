using Docket.Events;

namespace Docket.Contracts.Journal;

/// <summary>The event catalog in one language, as served at <c>/api/v1/events/catalog</c>.</summary>
public sealed record CatalogResponse(string Language, IReadOnlyList<CatalogGroup> Groups, IReadOnlyList<CatalogEvent> Events);
