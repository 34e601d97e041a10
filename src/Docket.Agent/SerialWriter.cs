using Docket.Agent.Protocol.V1;
using Grpc.Core;

namespace Docket.Agent;

/// <summary>The stream's request side, one write at a time: gRPC refuses a write while another is in progress.</summary>
public sealed class SerialWriter(IClientStreamWriter<AgentMessage> requests, SemaphoreSlim writing)
{
    public async Task WriteAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken);
        try
        {
            await requests.WriteAsync(message, cancellationToken);
        }
        finally
        {
            writing.Release();
        }
    }
}
