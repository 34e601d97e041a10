using System.Text;
using Docket.Events;

namespace Docket.Server.Export;

/// <summary>
/// One journal record as a sink sees it: <see cref="Utf8Json"/> is the whole single-line envelope (body, common
/// fields and x-opt metadata); the other members repeat what sinks need for their own framing without parsing it.
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

    /// <summary>
    /// The envelope, one line of UTF-8 JSON without a trailing newline. Kept as the bytes the profile wrote, since
    /// every sink sends UTF-8: no envelope is turned into a .NET string and back on the way out.
    /// </summary>
    public required ReadOnlyMemory<byte> Utf8Json { get; init; }

    /// <summary>The envelope as text, for tests and diagnostics; sinks write <see cref="Utf8Json"/>.</summary>
    public string Json => Encoding.UTF8.GetString(Utf8Json.Span);
}
