namespace Docket.Benchmarks;

/// <summary>The process's garbage collector counters at one moment; the difference of two is what a round cost.</summary>
internal readonly record struct MemorySnapshot(long Allocated, TimeSpan Pause, int Collections)
{
    public static MemorySnapshot Take() => new(GC.GetTotalAllocatedBytes(precise: false), GC.GetTotalPauseDuration(), GC.CollectionCount(0));

    public static MemorySnapshot operator -(MemorySnapshot after, MemorySnapshot before) =>
        new(after.Allocated - before.Allocated, after.Pause - before.Pause, after.Collections - before.Collections);
}
