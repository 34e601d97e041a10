using Docket.Server.Journal;

namespace Docket.Server.Export;

/// <summary>
/// Maps a journal record onto the envelope a receiver parses: one replaceable piece per schema profile. The
/// <c>docket</c> profile speaks the export model of the second seed; a later profile maps processes, requests
/// and agents onto its <c>job.*</c>, <c>queueItem.*</c>, <c>machine.*</c> and <c>robotlog</c> bodies.
/// </summary>
public interface IExportProfile
{
    string Name { get; }

    /// <summary>The record's envelope; <paramref name="names"/> holds today's names for a record made before records carried theirs.</summary>
    ExportItem Render(JournalRecord record, ExportNames names);
}
