using Docket.Contracts.Markings;

namespace Docket.Server.Features.Markings;

/// <summary>The answer to a create-or-replace: the marking, and whether it is new (201) or replaced one (200).</summary>
public sealed record MarkingSaved(MarkingResponse Marking, bool Created);
