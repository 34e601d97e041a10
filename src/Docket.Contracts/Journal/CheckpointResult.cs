namespace Docket.Contracts.Journal;

/// <summary>
/// What a verify found for a checkpoint. <see cref="Status"/> is <c>contained</c> (the chain holds the record as the
/// witness saw it), <c>missing</c> (the journal ends before it), <c>differs</c> (another record stands in its place)
/// or <c>trimmed</c> (retention removed it since: nothing is proved either way).
/// </summary>
public sealed record CheckpointResult(long Sequence, string Status, bool Holds, string Detail);
