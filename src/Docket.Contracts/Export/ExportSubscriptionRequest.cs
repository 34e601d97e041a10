using System.Text.Json;

namespace Docket.Contracts.Export;

public sealed record ExportSubscriptionRequest
{
    public required string Name { get; init; }
    public required SinkKind Sink { get; init; }

    /// <summary>The sink's options (see docs/export.md). On update, a secret sent as <c>"***"</c> keeps the stored one while its destination (<c>url</c>) stays the same.</summary>
    public required JsonElement Settings { get; init; }
    public ExportFilterRequest? Filter { get; init; }
    public string Profile { get; init; } = ExportProfiles.Docket;
    public int? MaxBatchEvents { get; init; }
    public int? MaxBatchBytes { get; init; }
    public int? LingerMilliseconds { get; init; }

    /// <summary>On create: false makes it paused.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>On create: the first sequence to deliver; default the next record committed from now on.</summary>
    public long? StartAtSequence { get; init; }

    /// <summary>Honoured for the Administrator: null exports every tenant.</summary>
    public Guid? TenantId { get; init; }
}
