using Docket.Events;

namespace Docket.Server.Export;

/// <summary>
/// One journal record as a sink sees it: <see cref="Json"/> is the whole single-line envelope (body, common fields
/// and x-opt metadata); the other members repeat what sinks need for their own framing without parsing it.
/// </summary>
public sealed record ExportItem
{
    public required long Sequence { get; init; }
    public required Guid Id { get; init; }
    public required int Code { get; init; }
    public required string Name { get; init; }
    public required EventClass Class { get; init; }
    public required string EventType { get; init; }
    public required DateTime Timestamp { get; init; }
    public required string NodeId { get; init; }
    public string? TenantName { get; init; }

    /// <summary>The envelope, one line of UTF-8 JSON without a trailing newline.</summary>
    public required string Json { get; init; }
}
