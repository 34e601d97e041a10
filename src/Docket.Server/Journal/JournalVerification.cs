namespace Docket.Server.Journal;

/// <summary>The outcome of walking the hash chain: valid, or the first record that was altered, removed or inserted.</summary>
public sealed record JournalVerification(bool Valid, long Checked, long FirstSequence, long LastSequence, JournalViolation? FirstViolation);
