using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Security;

/// <summary>How long-lived streams keep to their caller's rights; bound to the <c>Identity</c> section, where operators look for it.</summary>
public sealed class StreamOptions
{
    public const string Section = "Identity";

    /// <summary>
    /// How often a long-lived stream (the journal's live tail) checks again that its credential is alive and its caller
    /// still holds the right it needs. A change made on this replica ends the stream at once; this bounds how long a
    /// change made on another replica takes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan StreamRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
