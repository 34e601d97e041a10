using System.Text.Json;

namespace Docket.Server.Export;

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
