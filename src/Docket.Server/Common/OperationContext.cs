using System.Diagnostics;

namespace Docket.Server.Common;

/// <summary>
/// Who is acting, from where, and under which operation key, for the current request or background pass.
/// Filled once per request by <see cref="OperationContextMiddleware"/>; the journal reads it.
/// </summary>
public sealed class OperationContext
{
    public Guid? TenantId { get; set; }
    public Guid? UserId { get; set; }
    public string? UserLogin { get; set; }
    public string? ClientIp { get; set; }

    /// <summary>Ties together every event of one operation. A client may pass its own in <c>X-Operation-Key</c>.</summary>
    public string OperationKey { get; set; } = Guid.CreateVersion7().ToString();

    public string? TraceId { get; set; } = Activity.Current?.TraceId.ToHexString();
}
