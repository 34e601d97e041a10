using System.Globalization;
using System.Text.Json;

namespace Docket.Server.Journal;

/// <summary>
/// The start of the retained chain as a 91000 record states it: the last removed record's sequence and signature.
/// Signed into the chain after the anchor, it is what lets the verifier tell retention's trimming from a deletion.
/// </summary>
public sealed record JournalAnchor(long AnchorSequence, string AnchorSignature, long Removed)
{
    public const string EntityKind = "journal";

    public static JournalEvent Vouch(long sequence, string signature, long removed, int days) => new()
    {
        EntityKind = EntityKind,
        EntityId = sequence.ToString(CultureInfo.InvariantCulture),
        Text = string.Create(CultureInfo.InvariantCulture,
            $"{removed} record(s) up to {sequence} removed: older than {days} day(s); the chain now starts after {sequence}"),
        Data = new JournalAnchor(sequence, signature, removed),
    };

    /// <summary>The anchor a 91000 record's data names, or null when its data is not one.</summary>
    public static JournalAnchor? Read(string? data)
    {
        if (data is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JournalAnchor>(data, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
