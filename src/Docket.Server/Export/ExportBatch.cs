namespace Docket.Server.Export;

/// <summary>Consecutive journal records of one subscription, already rendered in its schema profile, oldest first.</summary>
public sealed record ExportBatch(IReadOnlyList<ExportItem> Items)
{
    public long FirstSequence => Items[0].Sequence;
    public long LastSequence => Items[^1].Sequence;
}
