using System.Text.Json;

namespace Docket.Contracts.Export;

public sealed record ExportSubscriptionResponse(
    Guid Id,
    Guid? TenantId,
    string Name,
    SinkKind Sink,
    JsonElement Settings,
    ExportFilter Filter,
    string Profile,
    int MaxBatchEvents,
    int MaxBatchBytes,
    int LingerMilliseconds,
    ExportSubscriptionStatus Status,
    string ETag);
