namespace Docket.Contracts.Journal;

/// <summary>Where the chain breaks. <see cref="Problem"/> is <c>altered</c>, <c>removed</c> or <c>inserted</c>.</summary>
public sealed record JournalViolation(long Sequence, Guid? RecordId, string Problem, string Detail);
