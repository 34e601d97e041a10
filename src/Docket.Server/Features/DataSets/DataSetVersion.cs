namespace Docket.Server.Features.DataSets;

/// <summary>One frozen state of a dataset: its items, the split that made them, and the scheme as it was.</summary>
public sealed class DataSetVersion
{
    public required Guid Id { get; init; }
    public required Guid DataSetId { get; init; }
    public required int Number { get; init; }

    /// <summary>Share of items in the training part, 0 to 1.</summary>
    public required double TrainRatio { get; init; }

    /// <summary>The seed the split was drawn with; the same markings, ratio and seed give the same split.</summary>
    public required int Seed { get; init; }

    public required int TrainCount { get; init; }
    public required int TestCount { get; init; }

    /// <summary>The scheme (name, kind, fields and columns) as JSON at the time the version was made.</summary>
    public required string Scheme { get; init; }

    /// <summary>
    /// SHA-256 over the items' images, parts and markings: equal for equal content, wherever it came from. By the
    /// current archive format's recipe; a version made before format 2 holds the format 1 hash until its first
    /// archive build recomputes it (docs/dataset-format.md).
    /// </summary>
    public required string ContentHash { get; set; }

    public required DateTime CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
}
