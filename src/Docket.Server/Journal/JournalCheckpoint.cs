namespace Docket.Server.Journal;

/// <summary>
/// A record's sequence and signature as seen by a witness outside the database: a SIEM that received the exported
/// record, an earlier verify, or a line of the checkpoint file.
/// </summary>
public sealed record JournalCheckpoint(long Sequence, string Signature);
