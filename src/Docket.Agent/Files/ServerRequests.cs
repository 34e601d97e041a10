using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Docket.Agent.Files;

/// <summary>The transfers' HTTP requests to the server (downloads and uploads alike) and how its refusals read.</summary>
internal static class ServerRequests
{
    /// <summary>The header the server reads a ticket's token from (the key goes in Authorization).</summary>
    public const string TokenHeader = "Docket-File-Token";

    /// <summary>A request for <paramref name="path"/> on the server, with the agent's key and the ticket's token.</summary>
    public static async Task<HttpRequestMessage> CreateAsync(HttpMethod method, AgentOptions options, string path, string token, CancellationToken cancellationToken)
    {
        var server = options.Server!;
        // The key as the stream sends it: from the settings, or the credentials file the server renews at each start.
        var (_, key) = await AgentCredentials.ReadAsync(options, cancellationToken);

        // The same address as the stream: over https, HTTP/2 where ALPN agrees (a proxy may speak HTTP/1.1); over
        // plain http it is the loopback AgentStream endpoint, which speaks HTTP/2 only (h2c, prior knowledge).
        var request = new HttpRequestMessage(method, new Uri(server, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = server.Scheme == Uri.UriSchemeHttps ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.TryAddWithoutValidation(TokenHeader, token);
        return request;
    }

    /// <summary>The problem's detail, or the status when the body is not problem details.</summary>
    public static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.String && detail.GetString() is { Length: > 0 } text)
            {
                return $"{(int)response.StatusCode}: {text}";
            }
        }
        catch (JsonException)
        {
        }

        return $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.";
    }
}
