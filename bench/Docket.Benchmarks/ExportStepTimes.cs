namespace Docket.Benchmarks;

/// <summary>What <see cref="ExportStepTimer"/> measured: milliseconds summed per step (in <see cref="ExportStepTimer.Steps"/> order) over its batches.</summary>
internal sealed record ExportStepTimes(long Events, int Batches, double[] Milliseconds)
{
    public double Total => Milliseconds.Sum();

    /// <summary>Milliseconds per 1,000 events.</summary>
    public double PerThousand(int step) => Milliseconds[step] * 1000 / Events;
}
