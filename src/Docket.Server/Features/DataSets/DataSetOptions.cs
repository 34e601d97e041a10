using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Features.DataSets;

/// <summary>
/// The <c>DataSet</c> section: archive builds. The catalog's text for 12008 spells the section <c>DateSet</c>;
/// that spelling is read too, and <c>DataSet</c> wins where both set a key.
/// </summary>
public sealed class DataSetOptions
{
    public const string Section = "DataSet";
    public const string CatalogSpelling = "DateSet";

    /// <summary>A build not finished this long after it first started stops with 12008 (DataSetArchivateCompletedTimeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "30.00:00:00")]
    public TimeSpan ArchivateTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the archive builder looks for queued builds (a request on this node wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ArchivePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a replica's claim on a build lasts without renewal; another replica takes over after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ArchiveLeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Items per progress save: their 12006/12007 events and the archive's itemsDone commit together.</summary>
    [Range(1, 10_000)]
    public int ArchiveProgressBatch { get; set; } = 50;
}
