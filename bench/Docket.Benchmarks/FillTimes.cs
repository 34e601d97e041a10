namespace Docket.Benchmarks;

/// <summary>How long filling the query benchmark's journal took, by step.</summary>
internal sealed record FillTimes(long Rows, TimeSpan Insert, TimeSpan Index, TimeSpan Settle)
{
    public TimeSpan Total => Insert + Index + Settle;
}
