using Docket.Events;

namespace Docket.Contracts.Journal;

public sealed record CatalogEvent(int Code, string Name, int Group, EventClass Class, string Description, bool NotUsed);
