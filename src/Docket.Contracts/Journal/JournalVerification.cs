namespace Docket.Contracts.Journal;

/// <summary>
/// The outcome of walking the hash chain: valid, or the first record that was altered, removed or inserted; and,
/// when a checkpoint was given, whether the chain still holds it.
/// </summary>
public sealed record JournalVerification(
    bool Valid, long Checked, long FirstSequence, long LastSequence, JournalViolation? FirstViolation, CheckpointResult? Checkpoint = null);
