using System.Text.Json;
using Shouldly;

namespace Docket.Server.Tests.Infrastructure;

/// <summary>Reading a live SSE response (text/event-stream) far enough to see its first event, without waiting for its end.</summary>
public static class ServerSentEvents
{
    public static async Task<JsonElement> ReadFirstEventAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line["data:".Length..]);
                return document.RootElement.Clone();
            }
        }

        throw new ShouldAssertException("The event stream ended before its first event.");
    }
}
