using System.ComponentModel.DataAnnotations;

namespace Docket.Server.Common;

/// <summary>The <c>Docket</c> configuration section: where this node keeps its files and what it calls itself.</summary>
public sealed class DocketOptions
{
    public const string Section = "Docket";

    /// <summary>SQLite file, blob folder and secrets live here. Relative paths are taken from the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Names this server replica in every journal record; defaults to the machine name.</summary>
    [Required]
    [MaxLength(200)]
    public string NodeId { get; set; } = Environment.MachineName;
}
