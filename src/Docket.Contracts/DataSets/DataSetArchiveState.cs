namespace Docket.Contracts.DataSets;

/// <summary>The life of an archive build: Queued → Building → Ready | Failed | TimedOut.</summary>
public enum DataSetArchiveState
{
    Queued,
    Building,
    Ready,
    Failed,
    TimedOut,
}
