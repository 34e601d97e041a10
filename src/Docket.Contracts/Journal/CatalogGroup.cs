namespace Docket.Contracts.Journal;

public sealed record CatalogGroup(int Code, string Name, string Title);
