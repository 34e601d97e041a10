namespace Docket.Server.Journal;

/// <summary>
/// The single row that every append locks: it hands out gap-free sequence numbers in commit order and
/// carries the chain's last signature. The anchor is where the chain starts after retention removed older records.
/// </summary>
public sealed class JournalHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long LastSequence { get; set; }
    public string LastSignature { get; set; } = string.Empty;
    public long AnchorSequence { get; set; }
    public string AnchorSignature { get; set; } = string.Empty;
}
