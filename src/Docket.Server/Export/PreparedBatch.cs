namespace Docket.Server.Export;

/// <summary>
/// A batch read and rendered, ready to send: the cursor it was read after, the settings' stamp it was read with, its
/// envelopes, and where the cursor goes once it is confirmed (past the records the filter left out, too).
/// <see cref="AtHead"/>: the read found fewer records than a batch holds, so it reached the journal's head and
/// nothing after it is there yet.
/// </summary>
internal sealed record PreparedBatch(long StartCursor, Guid Stamp, IReadOnlyList<ExportItem> Items, long LastSequence, bool AtHead);
