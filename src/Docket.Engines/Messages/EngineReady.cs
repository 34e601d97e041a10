namespace Docket.Engines.Messages;

/// <summary>A warm inference engine has loaded its model and takes pages; at most <see cref="Concurrency"/> at once.</summary>
public sealed record EngineReady : EngineMessage
{
    /// <summary>How many pages it works on at once; absent means one.</summary>
    public int? Concurrency { get; init; }
}
