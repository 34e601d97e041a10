using Docket.Server.Common;
using Docket.Server.Hosting;
using Docket.Server.Journal;

namespace Docket.Benchmarks;

/// <summary>One event as a feature records it: who acts (filled into the request's operation context) and what happened.</summary>
internal sealed record AppendSample(
    Guid TenantId, Guid UserId, string UserLogin, string ClientIp, string OperationKey, string TraceId, JournalEvent Event)
{
    /// <summary>What <see cref="OperationContextMiddleware"/> does for a signed-in request.</summary>
    public void ApplyTo(OperationContext operation)
    {
        operation.TenantId = TenantId;
        operation.UserId = UserId;
        operation.UserLogin = UserLogin;
        operation.ClientIp = ClientIp;
        operation.OperationKey = OperationKey;
        operation.TraceId = TraceId;
    }
}
