namespace Docket.Benchmarks;

/// <summary>Latency samples of one query case, in milliseconds, and what they returned.</summary>
internal sealed class LatencyStats
{
    private readonly List<double> samples = [];
    private long rows;

    public int Count => samples.Count;

    public void Add(double milliseconds, int returned)
    {
        samples.Add(milliseconds);
        rows += returned;
    }

    public double MeanRows => samples.Count == 0 ? 0 : (double)rows / samples.Count;

    /// <summary>Nearest-rank percentile: the smallest sample that at least <paramref name="p"/> of the samples do not exceed.</summary>
    public double Percentile(double p)
    {
        var sorted = samples.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Max => samples.Max();
}
