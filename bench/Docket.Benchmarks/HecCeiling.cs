using System.Net.Http.Headers;

namespace Docket.Benchmarks;

/// <summary>
/// The export's ceiling: the receiver fed the very bodies the export sent (captured as they arrived, so the same
/// batches, the same JSON and the same gzip, or none), one request at a time as the sink sends them, by a bare
/// HttpClient with the sink's headers. Nothing is read, rendered or committed: what is left is HTTP, the receiver and
/// the machine.
/// </summary>
internal sealed class HecCeiling(Uri receiver, string token, bool gzip) : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
    private readonly Uri eventUri = new(receiver, "services/collector/event");
    private readonly string channel = Guid.NewGuid().ToString();

    public async Task SendAsync(IReadOnlyList<byte[]> bodies, CancellationToken cancellationToken)
    {
        foreach (var body in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, eventUri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = JsonType;
            if (gzip)
            {
                request.Content.Headers.ContentEncoding.Add("gzip");
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Splunk", token);
            request.Headers.Add("X-Splunk-Request-Channel", channel);
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
    }

    public void Dispose() => http.Dispose();
}
